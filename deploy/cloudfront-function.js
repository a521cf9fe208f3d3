// LISA Admin viewer-request function (cloudfront-js-2.0), inlined verbatim in deploy/cloudformation.yaml
// (a test checks). !Sub fills in the sub-path below, so no other dollar-brace sequence may appear.
var SUB_PATH = '${SubPath}';

// Files in the bucket (the rule of `is_asset_path` in tests/src/site.rs and deploy.sh's HASHED_ASSET):
// the build writes only top-level files, index.html, config.json and <stem>-<1 to 16 hex>[_bg].<ext>.
// Every other path is an app route, even one that looks like a file (models/llama.js, a user id
// such as bob@corp.map): it gets index.html, not S3's 404.
var UNHASHED_FILES = ['index.html', 'config.json'];
var HASHED_FILE = /^[A-Za-z0-9_-]+-[0-9a-f]{1,16}(_bg)?\.[A-Za-z0-9]+$/;

function isAssetPath(rel) {
  return UNHASHED_FILES.indexOf(rel) !== -1 || HASHED_FILE.test(rel);
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
