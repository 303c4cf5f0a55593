// Start every GOV.UK Frontend component on the page (loaded as a module with the CSP nonce).
import { initAll } from "../build/govuk-frontend.min.js";

initAll();
