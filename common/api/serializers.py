"""Serializers of the error bodies (see exceptions.py), so the OpenAPI schema documents them."""

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What was wrong and what is allowed")
    status = serializers.IntegerField(required=False)
    type = serializers.CharField(required=False)
    # `errors` is the body's key and also Serializer.errors; DRF's SerializerMetaclass pops
    # declared fields off the class (into _declared_fields), so at run time the field does
    # not shadow the property. mypy cannot see that, and a field's name is its attribute name.
    errors = serializers.DictField(  # type: ignore[assignment]
        required=False, help_text="For invalid input: the messages per field"
    )


class FormErrorSerializer(serializers.Serializer):
    loc = serializers.ListField(child=serializers.CharField(), help_text="The field, as [name]")
    msg = serializers.CharField(help_text="What was wrong and what is allowed")
    type = serializers.CharField(help_text="A machine-readable error code")


class FormMetaSerializer(serializers.Serializer):
    page_index = serializers.IntegerField(help_text="The 0-based index of the page in question")


class FormNotCompleteSerializer(ErrorSerializer):
    form = serializers.JSONField(help_text="JSON Schema of the next form page to fill")
    meta = FormMetaSerializer()


class FormValidationErrorSerializer(ErrorSerializer):
    validation_errors = FormErrorSerializer(many=True)
    meta = FormMetaSerializer()


class FormInputSerializer(serializers.ListSerializer):
    """A JSON list with one object per form page filled so far."""

    child = serializers.DictField()
