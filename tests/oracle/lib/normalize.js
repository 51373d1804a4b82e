'use strict';

// normalize.js TEMPLATE.json: print the template with the values a real build makes
// unpredictable replaced by placeholders (2-space JSON, no trailing newline, like the framework):
//
//   S3Key ".../<digits>-<ISO time>/..."     -> ".../<ARTIFACT_DIR>/..."
//   XLambdaVersion<base64-ish hash>          -> XLambdaVersion<HASH>      (keys and references)
//   "CodeSha256": "<hash>"                   -> "CodeSha256": "<SHA256>"
//   Custom::CognitoUserPool ForceDeploy (ms) -> "<NOW>"
//   ApiGatewayDeployment<instance id, ms>    -> ApiGatewayDeployment<INSTANCE_ID>  (http events only;
//                                               not in the shared oracle, which has no http cases)
//
// Key order is kept (the hash replacement works on the serialized text and re-parses it).

const fs = require('fs');

const template = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

const replaceArtifactDir = (node) => {
  if (Array.isArray(node)) {
    node.forEach(replaceArtifactDir);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'S3Key' && typeof value === 'string') {
      node[key] = value.replace(/\/\d+-\d{4}-\d\d-\d\dT[\d:.]+Z\//, '/<ARTIFACT_DIR>/');
    } else {
      replaceArtifactDir(value);
    }
  }
};
replaceArtifactDir(template);

const text = JSON.stringify(template)
  .replace(/LambdaVersion[0-9A-Za-z]{20,}/g, 'LambdaVersion<HASH>')
  .replace(/"CodeSha256":"[^"]*"/g, '"CodeSha256":"<SHA256>"')
  .replace(/ApiGatewayDeployment\d{10,}/g, 'ApiGatewayDeployment<INSTANCE_ID>');
const normalized = JSON.parse(text);

for (const resource of Object.values(normalized.Resources || {})) {
  if (
    resource &&
    resource.Type === 'Custom::CognitoUserPool' &&
    resource.Properties &&
    typeof resource.Properties.ForceDeploy === 'number'
  ) {
    resource.Properties.ForceDeploy = '<NOW>';
  }
}

process.stdout.write(JSON.stringify(normalized, null, 2));
