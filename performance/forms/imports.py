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


SSDA903_KINDS = {"csv", "xml", "zip"}
SSDA903_MAX_FILES = 12
POPULATION_BOUNDS = (100, 1_000_000)  # children aged 0 to 17: the smallest council area has a few hundred
DATE_HINT = "For example, 14/07/2026."


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input: each checked by the shared upload check in the form's clean."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return (
            [super(MultipleFileField, self).clean(f, initial) for f in files]
            if files
            else super().clean(None)
        )


class ReturnUploadForm(CrispyFormMixin, forms.Form):
    """The council's SSDA903 extract: its CSV tables (several files or one zip) or the DfE XML form, and
    the date it was taken. Every file goes through the shared upload check; nothing is stored."""

    submit_label = "Check the return and compute the figures"
    field_order = ["as_at", "return_files", "population"]
    as_at = forms.DateField(
        label="Date of the extract",
        help_text=f"The figures are worked out as at this date, for the quarter it falls in. {DATE_HINT}",
        error_messages={
            "required": f"Enter the date of the extract. {DATE_HINT}",
            "invalid": f"Enter a real date. {DATE_HINT}",
        },
    )
    population = forms.CharField(
        label="Children aged 0 to 17 living in the area (optional)",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
        error_messages={"max_length": "Enter the number of children aged 0 to 17, for example 52,400."},
        help_text="For the rates per 10,000 children. Use the Office for National Statistics' mid-year "
        "population estimate for the council's area, for the June in the extract's collection year (mid-2026 "
        "for an extract taken between 01/04/2026 and 31/03/2027), or the latest estimate published until that "
        "one is out. A whole number, for example 52,400. Leave it blank and the other figures are still "
        "worked out.",
    )
    return_files = MultipleFileField(
        label="The return's files",
        help_text="Select every table of the return (header, episodes, reviews and the rest) as CSV files, "
        "or one zip of them, or the DfE XML file. The files are read and then discarded.",
        error_messages={"required": "Select the return's files to upload."},
    )

    def clean_population(self) -> int | None:
        text = (self.cleaned_data.get("population") or "").strip()
        if not text:
            return None
        digits = text.replace(",", "").replace(" ", "")
        if not digits.isdecimal():  # "²" is a digit to Python but not a number to int()
            raise forms.ValidationError(
                "Enter the number of children aged 0 to 17 as a whole number, for example 52,400."
            )
        number = int(digits)
        low, high = POPULATION_BOUNDS
        if not low <= number <= high:
            raise forms.ValidationError(
                f"Enter a number from {low:,} to {high:,}: the children aged 0 to 17 in the council's area, not "
                "its whole population."
            )
        return number

    def clean_return_files(self):
        files = self.cleaned_data.get("return_files") or []
        if len(files) > SSDA903_MAX_FILES:
            raise forms.ValidationError(f"Select at most {SSDA903_MAX_FILES} files, or put them in one zip.")
        read = []
        for upload in files:
            try:
                data, _kind = read_upload(upload, allowed=SSDA903_KINDS)
            except forms.ValidationError as error:
                raise forms.ValidationError(f"{upload.name}: {' '.join(error.messages)}") from None
            read.append((upload.name, data))
        self.uploads = read
        return files
