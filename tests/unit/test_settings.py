from django.conf import settings


def test_orm_broker_retry_exceeds_timeout():
    # django-q2 redelivers a task that is not acknowledged within `retry`: it must exceed
    # the task timeout or a long step runs twice.
    assert settings.Q_CLUSTER["retry"] > settings.Q_CLUSTER["timeout"]
