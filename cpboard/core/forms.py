from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Submit
from crispy_forms.utils import TEMPLATE_PACK
from django.template.loader import render_to_string
from django.utils.html import conditional_escape


class CrispyFormMixin:
    """Gives a form a GOV.UK-styled crispy helper with one primary button.

    The helper has no layout unless the form sets one, so crispy renders every field the form has when it is
    shown, including fields a form adds in its own __init__ (a helper built with FormHelper(form) would
    freeze the layout before them, and those fields would silently not appear)."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", self.submit_label))


class PlainFieldset(Fieldset):
    """A crispy ``Fieldset`` whose legend is plain text: escaped, never run as template code.

    crispy's own Fieldset compiles its legend as a Django template (``Template(str(legend)).render(context)``)
    and passes the result on as safe HTML. A legend built from data, such as an outcome area's name that an
    administrator typed, would then run: ``{{ request.COOKIES.sessionid }}`` printed the session id into the
    page and ``{{7*7}}`` was a server error. Use this class for every fieldset (tests/test_codebase_rules.py
    holds the project to it); the govuk pack's fieldset.html also prints ``fieldset.legend``, not crispy's
    rendered ``legend``. For a legend with markup a developer wrote, pass ``format_html(...)``.
    """

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        legend = conditional_escape(self.legend) if self.legend else ""
        context.update({"fieldset": self, "legend": legend, "fields": fields})
        return render_to_string(self.get_template_name(template_pack), context.flatten())
