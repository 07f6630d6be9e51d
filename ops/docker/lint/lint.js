// Validates a Dockerfile with dockerfile-utils (the validator behind the Dockerfile language server) and prints,
// as JSON on stdout, its diagnostics and its instructions stage by stage, for the ops tests to assert on.
// Usage: node lint.js path/to/Dockerfile   (exit 0 when parsed, whatever the diagnostics: the caller judges them)
'use strict';
const fs = require('fs');
const { validate, ValidationSeverity } = require('dockerfile-utils');
const { DockerfileParser } = require('dockerfile-ast');

const file = process.argv[2];
if (!file) {
  console.error('usage: node lint.js DOCKERFILE');
  process.exit(2);
}
const content = fs.readFileSync(file, 'utf8');

// Every check at ERROR: casing, a relative WORKDIR, JSON in single quotes, repeated CMD/ENTRYPOINT/HEALTHCHECK.
const strict = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};
const diagnostics = validate(content, strict).map((d) => ({
  line: d.range.start.line + 1,
  severity: d.severity,
  code: d.code,
  message: d.message,
}));

const dockerfile = DockerfileParser.parse(content);
const initialArgs = {};
for (const arg of dockerfile.getInitialARGs()) {
  const property = arg.getProperty();
  if (property) {
    initialArgs[property.getName()] = property.getValue();
  }
}
const stages = [];
for (const instruction of dockerfile.getInstructions()) {
  const keyword = instruction.getKeyword().toUpperCase();
  if (keyword === 'FROM') {
    stages.push({ image: instruction.getImageName(), tag: instruction.getImageTag(),
      name: instruction.getBuildStage(), instructions: [] });
  }
  if (stages.length === 0) {
    continue; // the initial ARGs, reported above
  }
  const flags = typeof instruction.getFlags === 'function'
    ? instruction.getFlags().map((f) => ({ name: f.getName(), value: f.getValue() }))
    : [];
  stages[stages.length - 1].instructions.push({
    line: instruction.getRange().start.line + 1,
    keyword,
    arguments: instruction.getArguments().map((a) => a.getValue()),
    flags,
    // exec form (["java", "-jar", ...]) of CMD, ENTRYPOINT, RUN, SHELL: the strings themselves
    json: typeof instruction.getJSONStrings === 'function' && instruction.getOpeningBracket()
      ? instruction.getJSONStrings().map((j) => j.getJSONValue())
      : null,
  });
}
process.stdout.write(JSON.stringify({ file, diagnostics, initialArgs, stages }, null, 2) + '\n');
