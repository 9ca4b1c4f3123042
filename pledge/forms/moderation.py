"""The officer's decision on one child's message."""

from __future__ import annotations

from django import forms

from cpboard.core import personal_details
from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionField
from pledge.models import Answer, Message

APPROVE, WITHHOLD = "approve", "withhold"
REASON_MAX = Message._meta.get_field("withheld_reason").max_length or 200
TEXT_MAX = Answer._meta.get_field("text").max_length or 1000


class ModerationForm(CrispyFormMixin, forms.Form):
    submit_label = "Save decision"

    decision = forms.ChoiceField(
        label="What should happen to this message?",
        choices=[
            (APPROVE, "Approve it: the board will see the words below"),
            (WITHHOLD, "Withhold it: the board will not see it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve the message or withhold it."},
    )
    shown_text = forms.CharField(
        label="If you approve it: the words the board will see",
        help_text="Take out names, places, dates and anything else that could identify a child or someone "
        "they know. Keep the child's meaning. The child's own words stay above, for officers only.",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": f"Keep the message to {TEXT_MAX:,} characters or fewer."},
    )
    checked = forms.BooleanField(
        label="I have read each flagged word and none of them could identify anyone",
        required=False,
    )
    withheld_reason = forms.CharField(
        label="If you withhold it: why? Only officers see this",
        help_text="For example: “It tells us about a worry that we have passed to the child's social worker.”",
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"Keep the reason to {REASON_MAX} characters or fewer."},
    )
    version = VersionField()

    def __init__(self, *args, message: Message, **kwargs):
        super().__init__(*args, **kwargs)
        self.message = message
        self.fields["version"].initial = message.version
        # Needed for one decision or the other, never both: the labels say which, not "(optional)".
        for name in ("shown_text", "withheld_reason", "checked"):
            self.fields[name].shown_optional = False  # type: ignore[attr-defined]
        self.fields["shown_text"].initial = message.shown_text or message.answer.text
        if message.status == Message.Status.APPROVED:
            self.fields["decision"].initial = APPROVE
        elif message.status == Message.Status.WITHHELD:
            self.fields["decision"].initial = WITHHOLD
            self.fields["withheld_reason"].initial = message.withheld_reason

    def flags(self) -> list[personal_details.Flag]:
        """What the check finds in the words the board would see (as sent, or as saved)."""
        text = self.data.get("shown_text") if self.is_bound else self.fields["shown_text"].initial
        return personal_details.find(text or "")

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == APPROVE:
            text = (cleaned.get("shown_text") or "").strip()
            if not text and not self.has_error("shown_text"):
                self.add_error("shown_text", "Enter the words the board will see, or withhold the message.")
            elif text and personal_details.find(text) and not cleaned.get("checked"):
                self.add_error(
                    "checked",
                    "The check found words that could identify someone (marked above). Take them out, or tick "
                    "the box to say you have read each one and it identifies nobody.",
                )
        elif (
            decision == WITHHOLD
            and not (cleaned.get("withheld_reason") or "").strip()
            and not self.has_error("withheld_reason")
        ):
            self.add_error("withheld_reason", "Say why the message is withheld, so other officers know.")
        return cleaned
