// Builds the service's CSS and copies GOV.UK Frontend's JavaScript and images into static/build/.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static", "build");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

mkdirSync(join(out, "govuk"), { recursive: true });
const css = sass.compile(join(root, "assets", "scss", "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "app.css"), css.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
// The CSS points at GOV.UK Frontend's images and fonts ($govuk-assets-path); collectstatic fails without them.
cpSync(join(govuk, "assets"), join(out, "govuk", "assets"), { recursive: true });
console.log(`Built ${join("static", "build", "app.css")} (${css.css.length} bytes)`);
