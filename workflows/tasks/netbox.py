"""NetBox bootstrap and wipe as tasks: what `make demo` and an operator use to prepare NetBox."""

from django import forms

from engine import FormPage, State, begin, step, task
from netbox_integration import bootstrap as netbox_bootstrap


@step("Create the catalogue's objects in NetBox")
def create_catalogue_objects() -> State:
    report = netbox_bootstrap.bootstrap()
    return {"summary": report.summary(), "created": report.created, "existed": report.existed}


@task("NetBox bootstrap")
def task_netbox_bootstrap():
    return begin >> create_catalogue_objects


class WipeForm(FormPage):
    title = "NetBox wipe"
    description = (
        "Deletes every site, role, manufacturer, device type, device, cable, prefix, address, "
        "VLAN group, VLAN and L2VPN in NetBox."
    )
    annihilate = forms.BooleanField(
        required=True, help_text="Tick to confirm that everything listed above is to be deleted"
    )


def wipe_form():
    return (yield WipeForm)


@step("Delete everything from NetBox")
def delete_everything(annihilate: bool) -> State:
    report = netbox_bootstrap.wipe(annihilate=annihilate)
    return {"summary": report.summary(), "deleted": report.deleted}


@task("NetBox wipe", initial_input_form=wipe_form)
def task_netbox_wipe():
    return begin >> delete_everything
