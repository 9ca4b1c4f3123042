"""The two file uploads: a quarter's figures, and targets and comparators."""

from __future__ import annotations

from django import forms

from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionField
from cpboard.core.uploads import read_upload


class UploadForm(CrispyFormMixin, forms.Form):
    """A CSV or XLSX upload, checked by the shared upload check; its problems show next to the file field."""

    submit_label = "Check and import"
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV or Excel (.xlsx) file laid out like the template.",
        error_messages={"required": "Select a file to upload.", "empty": "The selected file is empty."},
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        data, kind = read_upload(upload, allowed={"csv", "xlsx"})  # ValidationError lands on this field
        self.file_bytes, self.file_kind, self.file_name = data, kind, upload.name
        return upload


class QuarterImportForm(UploadForm):
    """Carries the quarter's version, like every form that can change a quarter's state (an import sends a
    submitted quarter back to draft): a page opened before someone else saved the quarter is refused."""

    submit_label = "Check and import figures"
    version = VersionField()

    def __init__(self, *args, quarter_return, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = quarter_return.version


class BenchmarkImportForm(UploadForm):
    submit_label = "Check and import targets and comparators"
