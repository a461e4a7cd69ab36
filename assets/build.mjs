// Builds the service's CSS and copies GOV.UK Frontend's JavaScript into static/build/.
// The service is not on GOV.UK: it ships no crown (crest) image and no GDS Transport font.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
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
// The only image the compiled CSS names is the crown crest of GOV.UK's footer copyright logo, which this service
// never shows: drop the reference, so nothing points at a file that is (rightly) not shipped and collectstatic's
// manifest storage has nothing missing when DEBUG is off.
const stylesheet = css.css.replaceAll(/url\("[^"]*govuk-crest\.svg"\)/g, "none");
if (/url\(/.test(stylesheet.replaceAll(/url\("data:[^)]*\)/g, ""))) {
  throw new Error("The stylesheet refers to a file that is not built: check $govuk-assets-path uses");
}
writeFileSync(join(out, "app.css"), stylesheet);
rmSync(join(out, "govuk", "assets"), { recursive: true, force: true });
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
console.log(`Built ${join("static", "build", "app.css")} (${css.css.length} bytes)`);
