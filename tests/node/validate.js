// Reads one job as JSON on stdin and writes the verdicts as JSON on stdout, so that a
// single node process serves a whole test module:
//   {"schemas": [schema, ...], "documents": [[schema $id, instance], ...], "patterns": [source, ...],
//    "probe": [string, ...]}
// -> {"compiled": {$id: null | error}, "verdicts": [true | false, ...], "patterns": [null | error, ...],
//     "probed": ["0110...", ...]}: per pattern, whether it matches (u flag, a search) each probe string
"use strict";
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

// The vendor keywords the schemas use: x-pattern for a pattern that was not translated, and
// x-constraints for the model's bounds and pattern in an output schema. Strict mode rejects
// unknown keywords, so a consumer declares them too (as annotations: they assert nothing).
const VENDOR_KEYWORDS = { "x-pattern": "string", "x-constraints": "object" };

function newAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  for (const [keyword, schemaType] of Object.entries(VENDOR_KEYWORDS)) ajv.addKeyword({ keyword, schemaType });
  return ajv;
}

function main(job) {
  const ajv = newAjv();
  const compiled = {};
  const validators = {};
  for (const schema of job.schemas || []) {
    try {
      validators[schema.$id] = ajv.compile(schema);
      compiled[schema.$id] = null;
    } catch (error) {
      compiled[schema.$id] = String(error.message || error);
    }
  }
  const verdicts = (job.documents || []).map(([id, instance]) => {
    const validate = validators[id];
    if (!validate) throw new Error(`no compiled schema ${id}`);
    return validate(instance);
  });
  const patterns = (job.patterns || []).map((source) => {
    try {
      new RegExp(source, "u");
      return null;
    } catch (error) {
      return String(error.message);
    }
  });
  const probes = job.probe || [];
  const probed = (job.patterns || []).map((source) => {
    let regexp;
    try {
      regexp = new RegExp(source, "u");
    } catch (error) {
      return "E";
    }
    return probes.map((probe) => (regexp.test(probe) ? "1" : "0")).join("");
  });
  return { compiled, verdicts, patterns, probed };
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => process.stdout.write(JSON.stringify(main(JSON.parse(input)))));
