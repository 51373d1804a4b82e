'use strict';

// Loaded into the Serverless Framework process through NODE_OPTIONS=--require by
// tests/oracle/compile-one. It only observes, it never changes what the framework does:
//
//  * ORACLE_ERROR_FILE: when the CLI reports an error, write {"code","name","message"} there.
//    The CLI prints the message but never the error code, so this is the only way to get it.
//  * ORACLE_POST_FINALIZE_FILE: after the cognito plugin's `after:package:finalize` hook
//    (mergeWithCustomResources) has run, write the in-memory template there (diagnostic view).
//
// ORACLE_SLS_ROOT is the installed package folder (.../node_modules/serverless).

const fs = require('fs');
const path = require('path');

const slsRoot = process.env.ORACLE_SLS_ROOT;

function wrapErrorHandler(errorFile) {
  const modulePath = path.join(slsRoot, 'lib/cli/handle-error.js');
  require(modulePath);
  const cached = require.cache[require.resolve(modulePath)];
  const handleError = cached.exports;
  cached.exports = async function recordingHandleError(exception, options) {
    try {
      fs.writeFileSync(
        errorFile,
        JSON.stringify({
          code: exception && exception.code,
          name: exception && exception.name,
          message: exception && exception.message,
        })
      );
    } catch {
      // recording is best effort; the framework's own reporting still runs
    }
    return handleError(exception, options);
  };
}

function wrapCognitoFinalize(viewFile) {
  const modulePath = path.join(
    slsRoot,
    'lib/plugins/aws/package/compile/events/cognito-user-pool.js'
  );
  const CognitoUserPoolEvents = require(modulePath);
  const merge = CognitoUserPoolEvents.prototype.mergeWithCustomResources;
  CognitoUserPoolEvents.prototype.mergeWithCustomResources = async function (...args) {
    const result = await merge.apply(this, args);
    fs.writeFileSync(
      viewFile,
      JSON.stringify(this.serverless.service.provider.compiledCloudFormationTemplate, null, 2)
    );
    return result;
  };
}

if (slsRoot) {
  if (process.env.ORACLE_ERROR_FILE) wrapErrorHandler(process.env.ORACLE_ERROR_FILE);
  if (process.env.ORACLE_POST_FINALIZE_FILE) {
    wrapCognitoFinalize(process.env.ORACLE_POST_FINALIZE_FILE);
  }
}
