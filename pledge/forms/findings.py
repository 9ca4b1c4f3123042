"""Officers' form for a finding: what children said, what the board did, and what it is linked to."""

from __future__ import annotations

from typing import cast

from django import forms

from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionedFormMixin
from pledge.forms.pledge import ReadingAgeMixin
from pledge.models import Finding, Promise, Survey
from pledge.services import findings as finding_links


class FindingForm(ReadingAgeMixin, CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save finding"
    child_fields = ("you_said", "we_did")
    link = forms.CharField(
        label="Linked record",
        required=False,
        widget=forms.Select,
        help_text="An indicator the board watches for this, or an action in the action plan once there is one.",
    )

    class Meta:
        model = Finding
        fields = ["promise", "you_said", "we_did", "status", "link"]
        labels = {
            "promise": "Promise it is about",
            "you_said": "You said",
            "we_did": "We did",
            "status": "Where it has got to",
        }
        help_texts = {
            "you_said": "What children told us, the way they might say it: “Some of you did not know …”.",
            "we_did": "What the board has done or will do, in words children understand.",
        }
        error_messages = {
            "you_said": {
                "required": "Enter what children said.",
                "max_length": "Keep “You said” to 400 characters or fewer (it has %(show_value)d).",
            },
        }
        widgets = {
            "you_said": forms.Textarea(attrs={"rows": 3}),
            "we_did": forms.Textarea(attrs={"rows": 4}),
            "status": forms.RadioSelect,
        }

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.survey = survey
        promise = cast(forms.ModelChoiceField, self.fields["promise"])
        promise.queryset = Promise.objects.filter(pledge_version_id=survey.pledge_version_id)
        promise.empty_label = "Not about one promise"
        self.fields["link"].widget.choices = [("", "No linked record"), *finding_links.link_choices()]
        target = finding_links.linked(self.instance) if self.instance.pk else None
        if target is not None:
            self.fields["link"].initial = finding_links.link_value(target)

    def clean_link(self):
        return finding_links.link_target(self.cleaned_data.get("link", ""))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Finding.Status.DONE and not (cleaned.get("we_did") or "").strip():
            self.add_error("we_did", "Say what the board did before marking it done.")
        if "link" in cleaned:
            finding_links.link_set(self.instance, cleaned["link"])
        return cleaned
