// Turns JSON Schemas into TypeScript with json-schema-to-typescript, then type-checks the
// result together with hand-written TypeScript (tsc's API, --strict --noEmit), in one process.
//   stdin: {"outDir": dir, "schemas": {"<Module>": schema, ...}, "extra": [file.ts, ...]}
//   stdout: {"diagnostics": ["file(line,col): message", ...]}
"use strict";
const fs = require("fs");
const path = require("path");
const { compile } = require("json-schema-to-typescript");
const ts = require("typescript");

async function main(job) {
  fs.mkdirSync(job.outDir, { recursive: true });
  const files = [];
  for (const [moduleName, schema] of Object.entries(job.schemas)) {
    const source = await compile(schema, moduleName, { bannerComment: "", format: false, unreachableDefinitions: true });
    const file = path.join(job.outDir, `${moduleName}.ts`);
    fs.writeFileSync(file, source);
    files.push(file);
  }
  for (const extra of job.extra || []) {
    const file = path.join(job.outDir, path.basename(extra));
    fs.copyFileSync(extra, file);
    files.push(file);
  }
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    types: [],
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file) return message;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.basename(d.file.fileName)}(${line + 1},${character + 1}): ${message}`;
  });
  return { diagnostics };
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () =>
  main(JSON.parse(input)).then(
    (result) => process.stdout.write(JSON.stringify(result)),
    (error) => {
      process.stderr.write(String(error.stack || error));
      process.exit(1);
    },
  ),
);
