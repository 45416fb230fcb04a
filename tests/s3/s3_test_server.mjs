#!/usr/bin/env node
// A small S3-protocol server for berserkr's tests: the subset berserkr speaks, kept in memory,
// with every request's AWS Signature V4 checked, and faults to inject on demand. No dependencies
// beyond Node itself, so it runs wherever `node` does.
//
//   node s3_test_server.mjs --port 0 --access-key KEY --secret-key SECRET [--region us-east-1]
//        [--bucket NAME]... [--max-keys-limit N] [--tls-cert CERT.pem --tls-key KEY.pem]
//
// Prints "listening PORT" on stdout once it accepts connections. Path-style URLs
// (http://127.0.0.1:PORT/bucket/key) and virtual-hosted ones (http://bucket.localhost:PORT/key).
//
// Supported: PUT / HEAD / GET (Range) / DELETE object, PUT with If-None-Match: * (412 when the key
// exists), multipart upload (create, upload part, complete, abort; parts but the last >= 5 MiB as
// on AWS), ListObjectsV2 (prefix, max-keys, continuation-token, start-after), PUT bucket.
//
// Test control, unsigned, under /__control/:
//   POST /__control/faults {"count": N, "status": 500 | 503 | ..., "code": "SlowDown",
//                           "delay_ms": M, "drop": true, "drop_after": true, "method": "PUT"}
//        the next N S3 requests (of that method, when given) answer `status`, or wait delay_ms
//        first, or have their connection destroyed without an answer — before the request is
//        carried out (drop) or after (drop_after: the answer to a PUT that did happen is lost).
//   GET  /__control/stats  {"requests": n, "uploads_in_progress": m, "faults_pending": k}
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';

const args = { port: 0, accessKey: '', secretKey: '', region: 'us-east-1', buckets: [],
  maxKeysLimit: 1000, tlsCert: '', tlsKey: '' };
for (let index = 2; index < process.argv.length; index += 2) {
  const [flag, value] = [process.argv[index], process.argv[index + 1]];
  if (flag === '--port') args.port = Number(value);
  else if (flag === '--access-key') args.accessKey = value;
  else if (flag === '--secret-key') args.secretKey = value;
  else if (flag === '--region') args.region = value;
  else if (flag === '--bucket') args.buckets.push(value);
  else if (flag === '--max-keys-limit') args.maxKeysLimit = Number(value);
  else if (flag === '--tls-cert') args.tlsCert = value;
  else if (flag === '--tls-key') args.tlsKey = value;
  else { console.error(`unknown flag ${flag}`); process.exit(2); }
}

const kMinPartBytes = 5 * 1024 * 1024;
const buckets = new Map();  // name -> Map(key -> {body: Buffer, etag})
for (const name of args.buckets) buckets.set(name, new Map());
const uploads = new Map();  // uploadId -> {bucket, key, parts: Map(number -> {body, etag})}
const faults = [];          // pending injected faults, each used once
let requestCount = 0;

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => crypto.createHmac('sha256', key).update(data).digest();
const md5 = (data) => crypto.createHash('md5').update(data).digest();
const escapeXml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  .replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

// RFC 3986, as SigV4 encodes query names and values.
function uriEncode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g,
    (character) => '%' + character.charCodeAt(0).toString(16).toUpperCase());
}

function sendError(response, status, code, message, extra = '') {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>` +
    `<Message>${escapeXml(message)}</Message>${extra}</Error>`;
  response.writeHead(status, { 'Content-Type': 'application/xml',
    'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

function sendXml(response, status, body) {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
  response.writeHead(status, { 'Content-Type': 'application/xml',
    'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

// Rebuilds the canonical request from what arrived and compares signatures. Returns null when the
// request is authentic, else [status, code, message].
function checkSignature(request, rawPath, rawQuery, body) {
  const authorization = request.headers['authorization'];
  if (!authorization) return [403, 'AccessDenied', 'Anonymous access is not allowed'];
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/
    .exec(authorization);
  if (!match) return [400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed'];
  const [, accessKey, date, region, signedHeaders, signature] = match;
  if (accessKey !== args.accessKey) {
    return [403, 'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.'];
  }
  if (region !== args.region) {
    return [400, 'AuthorizationHeaderMalformed',
      `the region '${region}' is wrong; expecting '${args.region}'`,
      `<Region>${escapeXml(args.region)}</Region>`];
  }
  const amzDate = request.headers['x-amz-date'] || '';
  if (!amzDate.startsWith(date)) return [403, 'AccessDenied', 'x-amz-date does not match the scope'];
  const payloadHash = request.headers['x-amz-content-sha256'];
  if (!payloadHash) return [400, 'InvalidRequest', 'Missing required header x-amz-content-sha256'];
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) {
    return [400, 'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed."];
  }
  const names = signedHeaders.split(';');
  if (!names.includes('host')) return [403, 'AccessDenied', 'host must be signed'];
  const canonicalHeaders = names.map((name) => {
    const value = String(request.headers[name] ?? '').trim().replace(/\s+/g, ' ');
    return `${name}:${value}\n`;
  }).join('');
  const query = rawQuery === '' ? [] : rawQuery.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    const name = decodeURIComponent(equals < 0 ? pair : pair.slice(0, equals));
    const value = equals < 0 ? '' : decodeURIComponent(pair.slice(equals + 1));
    return [uriEncode(name), uriEncode(value)];
  }).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const canonicalRequest = [request.method, rawPath,
    query.map(([name, value]) => `${name}=${value}`).join('&'),
    canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, `${date}/${region}/s3/aws4_request`,
    sha256(canonicalRequest)].join('\n');
  let key = hmac('AWS4' + args.secretKey, date);
  key = hmac(hmac(hmac(key, region), 's3'), 'aws4_request');
  const expected = hmac(key, stringToSign).toString('hex');
  if (expected !== signature) {
    return [403, 'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.'];
  }
  return null;
}

function listObjects(response, bucketName, objects, query) {
  const prefix = query.get('prefix') ?? '';
  const maxKeys = Math.min(Number(query.get('max-keys') ?? 1000), args.maxKeysLimit);
  const token = query.get('continuation-token');
  const after = token ? Buffer.from(token, 'base64').toString('utf8') :
    (query.get('start-after') ?? '');
  const keys = [...objects.keys()].filter((key) => key.startsWith(prefix) && key > after).sort();
  const page = keys.slice(0, maxKeys);
  const truncated = keys.length > page.length;
  let body = `<ListBucketResult><Name>${escapeXml(bucketName)}</Name>` +
    `<Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount>` +
    `<MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>`;
  if (token) body += `<ContinuationToken>${escapeXml(token)}</ContinuationToken>`;
  if (truncated) {
    const next = Buffer.from(page[page.length - 1], 'utf8').toString('base64');
    body += `<NextContinuationToken>${escapeXml(next)}</NextContinuationToken>`;
  }
  for (const key of page) {
    const object = objects.get(key);
    body += `<Contents><Key>${escapeXml(key)}</Key><Size>${object.body.length}</Size>` +
      `<ETag>${escapeXml(object.etag)}</ETag><StorageClass>STANDARD</StorageClass></Contents>`;
  }
  sendXml(response, 200, body + '</ListBucketResult>');
}

function getObject(request, response, object) {
  const headers = { 'ETag': object.etag, 'Accept-Ranges': 'bytes',
    'Content-Type': 'application/octet-stream' };
  const size = object.body.length;
  const range = request.headers['range'];
  if (range === undefined) {
    response.writeHead(200, { ...headers, 'Content-Length': size });
    response.end(request.method === 'HEAD' ? undefined : object.body);
    return;
  }
  const match = /^bytes=(\d*)-(\d*)$/.exec(range);
  let start;
  let end;
  if (match && match[1] !== '') {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  } else if (match && match[2] !== '') {
    start = Math.max(size - Number(match[2]), 0);
    end = size - 1;
  }
  if (start === undefined || start >= size || end < start) {
    sendError(response, 416, 'InvalidRange', 'The requested range is not satisfiable',
      `<RangeRequested>${escapeXml(range)}</RangeRequested><ActualObjectSize>${size}</ActualObjectSize>`);
    return;
  }
  response.writeHead(206, { ...headers, 'Content-Length': end - start + 1,
    'Content-Range': `bytes ${start}-${end}/${size}` });
  response.end(request.method === 'HEAD' ? undefined : object.body.subarray(start, end + 1));
}

function completeUpload(response, upload, objects, body) {
  const parts = [...body.toString('utf8').matchAll(
    /<Part>\s*<PartNumber>(\d+)<\/PartNumber>\s*<ETag>([^<]*)<\/ETag>\s*<\/Part>/g)]
    .map((match) => [Number(match[1]), match[2].replace(/&quot;/g, '"')]);
  if (parts.length === 0) {
    sendError(response, 400, 'MalformedXML', 'The XML you provided was not well-formed');
    return false;
  }
  const buffers = [];
  const digests = [];
  for (let index = 0; index < parts.length; ++index) {
    const [number, etag] = parts[index];
    const part = upload.parts.get(number);
    if (!part || part.etag !== etag) {
      sendError(response, 400, 'InvalidPart', `part ${number} was not uploaded or its ETag differs`);
      return false;
    }
    if (index > 0 && number <= parts[index - 1][0]) {
      sendError(response, 400, 'InvalidPartOrder', 'parts must be listed in ascending order');
      return false;
    }
    if (index + 1 < parts.length && part.body.length < kMinPartBytes) {
      sendError(response, 400, 'EntityTooSmall',
        'Your proposed upload is smaller than the minimum allowed object size.');
      return false;
    }
    buffers.push(part.body);
    digests.push(md5(part.body));
  }
  const etag = `"${md5(Buffer.concat(digests)).toString('hex')}-${parts.length}"`;
  objects.set(upload.key, { body: Buffer.concat(buffers), etag });
  return etag;
}

async function handleS3(request, response, body) {
  const [rawPath, rawQuery = ''] = request.url.split('?', 2);
  const query = new URLSearchParams(rawQuery);
  const authError = checkSignature(request, rawPath, rawQuery, body);
  if (authError) { sendError(response, ...authError); return; }

  const path = decodeURIComponent(rawPath);
  // Virtual-hosted style: the bucket in the host name (BUCKET.localhost:PORT; libcurl resolves
  // any *.localhost to loopback itself), the key is the whole path.
  const virtualHost = /^([^.]+)\.localhost(:\d+)?$/.exec(request.headers['host'] ?? '');
  const slash = virtualHost ? 0 : path.indexOf('/', 1);
  const bucketName = virtualHost ? virtualHost[1] : slash < 0 ? path.slice(1) : path.slice(1, slash);
  const key = slash < 0 ? '' : path.slice(slash + 1);
  if (key === '' && request.method === 'PUT') {
    if (!buckets.has(bucketName)) buckets.set(bucketName, new Map());
    response.writeHead(200, { 'Content-Length': 0 });
    response.end();
    return;
  }
  const objects = buckets.get(bucketName);
  if (!objects) {
    if (request.method === 'HEAD') { response.writeHead(404); response.end(); return; }
    sendError(response, 404, 'NoSuchBucket', 'The specified bucket does not exist',
      `<BucketName>${escapeXml(bucketName)}</BucketName>`);
    return;
  }
  if (key === '') {
    if (request.method === 'GET' && query.get('list-type') === '2') {
      listObjects(response, bucketName, objects, query);
      return;
    }
    sendError(response, 501, 'NotImplemented', 'only ListObjectsV2 is served on a bucket');
    return;
  }

  const uploadId = query.get('uploadId');
  if (uploadId !== null) {
    const upload = uploads.get(uploadId);
    if (!upload || upload.bucket !== bucketName || upload.key !== key) {
      sendError(response, 404, 'NoSuchUpload', 'The specified upload does not exist.');
      return;
    }
    if (request.method === 'PUT') {
      const number = Number(query.get('partNumber'));
      const etag = `"${md5(body).toString('hex')}"`;
      upload.parts.set(number, { body, etag });
      response.writeHead(200, { 'ETag': etag, 'Content-Length': 0 });
      response.end();
    } else if (request.method === 'POST') {
      const etag = completeUpload(response, upload, objects, body);
      if (etag) {
        uploads.delete(uploadId);
        sendXml(response, 200, `<CompleteMultipartUploadResult><Bucket>${escapeXml(bucketName)}` +
          `</Bucket><Key>${escapeXml(key)}</Key><ETag>${escapeXml(etag)}</ETag>` +
          '</CompleteMultipartUploadResult>');
      }
    } else if (request.method === 'DELETE') {
      uploads.delete(uploadId);
      response.writeHead(204);
      response.end();
    } else {
      sendError(response, 405, 'MethodNotAllowed', 'not allowed on an upload');
    }
    return;
  }

  switch (request.method) {
    case 'POST': {
      if (!query.has('uploads')) {
        sendError(response, 501, 'NotImplemented', 'POST on an object needs ?uploads');
        return;
      }
      const id = crypto.randomBytes(12).toString('hex');
      uploads.set(id, { bucket: bucketName, key, parts: new Map() });
      sendXml(response, 200, `<InitiateMultipartUploadResult><Bucket>${escapeXml(bucketName)}` +
        `</Bucket><Key>${escapeXml(key)}</Key><UploadId>${id}</UploadId>` +
        '</InitiateMultipartUploadResult>');
      return;
    }
    case 'PUT': {
      const condition = request.headers['if-none-match'];
      if (condition !== undefined && condition !== '*') {
        sendError(response, 501, 'NotImplemented', 'If-None-Match takes only *');
        return;
      }
      if (condition === '*' && objects.has(key)) {
        sendError(response, 412, 'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold',
          '<Condition>If-None-Match</Condition>');
        return;
      }
      const etag = `"${md5(body).toString('hex')}"`;
      objects.set(key, { body, etag });
      response.writeHead(200, { 'ETag': etag, 'Content-Length': 0 });
      response.end();
      return;
    }
    case 'GET':
    case 'HEAD': {
      const object = objects.get(key);
      if (!object) {
        if (request.method === 'HEAD') { response.writeHead(404); response.end(); return; }
        sendError(response, 404, 'NoSuchKey', 'The specified key does not exist.',
          `<Key>${escapeXml(key)}</Key>`);
        return;
      }
      getObject(request, response, object);
      return;
    }
    case 'DELETE':
      objects.delete(key);
      response.writeHead(204);
      response.end();
      return;
    default:
      sendError(response, 405, 'MethodNotAllowed', `${request.method} is not supported`);
  }
}

function handleControl(request, response, body) {
  if (request.method === 'POST' && request.url === '/__control/faults') {
    const fault = JSON.parse(body.toString('utf8'));
    for (let count = 0; count < (fault.count ?? 1); ++count) faults.push(fault);
  } else if (request.method === 'POST' && request.url === '/__control/clear-faults') {
    faults.length = 0;
  } else if (request.url !== '/__control/stats') {
    response.writeHead(404);
    response.end();
    return;
  }
  const stats = JSON.stringify({ requests: requestCount, uploads_in_progress: uploads.size,
    faults_pending: faults.length });
  response.writeHead(200, { 'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(stats) });
  response.end(stats);
}

const handler = (request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    const body = Buffer.concat(chunks);
    if (request.url.startsWith('/__control/')) { handleControl(request, response, body); return; }
    ++requestCount;
    const index = faults.findIndex((fault) => !fault.method || fault.method === request.method);
    const fault = index >= 0 ? faults.splice(index, 1)[0] : null;
    if (fault?.drop) { request.socket.destroy(); return; }
    if (fault?.delay_ms) await new Promise((resolve) => setTimeout(resolve, fault.delay_ms));
    if (response.destroyed || request.socket.destroyed) return;  // the client gave up
    if (fault?.status) {
      sendError(response, fault.status, fault.code ?? 'InternalError',
        'We encountered an internal error. Please try again.');
      return;
    }
    try {
      if (fault?.drop_after) {
        const lost = { writeHead() {}, end() {}, destroyed: false };
        await handleS3(request, lost, body);
        request.socket.destroy();
        return;
      }
      await handleS3(request, response, body);
    } catch (error) {
      sendError(response, 500, 'InternalError', `test server bug: ${error.stack}`);
    }
  });
};
const server = args.tlsCert
  ? https.createServer({ cert: fs.readFileSync(args.tlsCert), key: fs.readFileSync(args.tlsKey) },
    handler)
  : http.createServer(handler);
server.keepAliveTimeout = 30000;
server.listen(args.port, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
// The test that started us may die without killing us: leave when stdin closes.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
