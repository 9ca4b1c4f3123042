// Start GOV.UK Frontend's components. Loaded as <script type="module">, so
// there is no inline script (CSP) and it only runs in browsers that support
// ES modules, which is exactly what `govuk-frontend-supported` signals.
import { initAll } from "/static/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();
