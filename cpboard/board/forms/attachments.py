"""Attaching a PDF to an agenda item: the file is checked (cpboard.board.services.attachments) while the form
is validated, so a refused file is explained next to the field and nothing is stored."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat

from cpboard.board.services import attachments
from cpboard.core.forms import CrispyFormMixin


class AttachmentForm(CrispyFormMixin, forms.Form):
    submit_label = "Attach the document"

    file = forms.FileField(label="Document (PDF)", error_messages={"required": "Select a PDF to attach."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"A PDF up to {filesizeformat(attachments.max_bytes())}, not protected by a password. It is listed "
            "in the pack and merged into its print version after this item."
        )
        self.fields["file"].widget.attrs["accept"] = ".pdf,application/pdf"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        self.file_bytes = attachments.read_attachment(upload)
        return upload
