// LISA Admin viewer-request function (CloudFront Functions, runtime cloudfront-js-2.0).
// deploy/cloudformation.yaml inlines this file verbatim (tests/tests/deploy/template.rs checks they are
// identical) and CloudFormation's !Sub fills in the sub-path on the next line, so the code must use
// no other dollar-brace sequence.
var SUB_PATH = '${SubPath}';

// The same rule as `is_asset_path` in tests/src/site.rs: a path is a file only if its last segment
// ends in one of these extensions after a non-empty name. Everything else is an app route: user ids
// such as john.doe@company.com end in ".com", so "contains a dot" is not enough.
var ASSET_EXTENSIONS = ['html', 'js', 'mjs', 'wasm', 'css', 'json', 'svg', 'png', 'ico', 'txt', 'map', 'webmanifest'];

function isAssetPath(rel) {
  var last = rel.substring(rel.lastIndexOf('/') + 1);
  var dot = last.lastIndexOf('.');
  if (dot <= 0) {
    return false;
  }
  return ASSET_EXTENSIONS.indexOf(last.substring(dot + 1)) !== -1;
}

// The query string as the viewer sent it, so a redirect keeps e.g. an OIDC callback's code/state.
function queryString(request) {
  if (typeof request.rawQueryString === 'function') {
    var raw = request.rawQueryString();
    return raw ? '?' + raw : '';
  }
  var parts = [];
  var qs = request.querystring || {};
  for (var key in qs) {
    var values = qs[key].multiValue ? qs[key].multiValue : [qs[key]];
    for (var i = 0; i < values.length; i++) {
      parts.push(key + '=' + values[i].value);
    }
  }
  return parts.length ? '?' + parts.join('&') : '';
}

function handler(event) {
  var request = event.request;
  var uri = request.uri;
  // The bare sub-path (and, on a distribution of its own, the root) gets its trailing slash, so
  // relative URLs and the document's <base href> resolve under the sub-path.
  if (uri === SUB_PATH || uri === '/') {
    return {
      statusCode: 302,
      statusDescription: 'Found',
      headers: {
        location: { value: SUB_PATH + '/' + queryString(request) },
        'cache-control': { value: 'no-cache' }
      }
    };
  }
  var prefix = SUB_PATH + '/';
  if (uri.indexOf(prefix) === 0 && !isAssetPath(uri.substring(prefix.length))) {
    request.uri = prefix + 'index.html';
  }
  return request;
}
