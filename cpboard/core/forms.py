from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit


class CrispyFormMixin:
    """Gives a form a GOV.UK-styled crispy helper with one primary button."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", self.submit_label))
