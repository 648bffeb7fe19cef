// The load generator, run on Node.js so the generator is not the runtime under test. Plain JS because it
// runs on Node; bench/lib/load.ts spawns it with one JSON argument and reads one JSON line back.
// - As fast as possible (closed loop, `connections` requests in flight): autocannon (npm). Its histogram
//   has 1 ms resolution, so every response time (a float in ms from process.hrtime) is recorded here too
//   and percentiles are computed exactly from the raw samples.
// - At a fixed rate (`overallRate`, open loop): autocannon's -R sends each second's quota in a burst at the
//   start of the second, which measures burst queueing, not a steady rate. So the fixed-rate mode paces
//   requests itself, one every 1/rate s on Node's keep-alive http client (at most `connections` sockets),
//   and measures each latency from the moment the request was due, not from when a socket was free
//   (no coordinated omission: a stalled server shows up as latency, not as fewer requests).
//
// Options: { url, connections, durationS, warmupS, method, headers, body, overallRate,
//            path, idRange: [min, max] }  — with idRange, "{id}" in path is replaced by a random id.
import http from "node:http";
import autocannon from "autocannon";

const opts = JSON.parse(process.argv[2] ?? "{}");

function requestsFor(o) {
  if (!o.idRange) return undefined;
  const [min, max] = o.idRange;
  return [
    {
      setupRequest(req) {
        const id = min + Math.floor(Math.random() * (max - min + 1));
        return { ...req, path: o.path.replace("{id}", String(id)) };
      },
    },
  ];
}

function run(durationS, record) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const statuses = {};
    const instance = autocannon(
      {
        url: new URL(opts.path ?? "/", opts.url).toString(),
        connections: opts.connections ?? 10,
        duration: durationS,
        method: opts.method ?? "GET",
        headers: opts.headers ?? {},
        body: opts.body,
        requests: requestsFor(opts),
        timeout: 30,
      },
      (err, result) => (err ? reject(err) : resolve({ result, latencies, statuses })),
    );
    if (record) {
      instance.on("response", (_client, statusCode, _bytes, responseTime) => {
        latencies.push(responseTime);
        statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      });
    }
  });
}

function paced(durationS, rate, record) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections ?? 32 });
  const base = new URL(opts.url);
  const latencies = [];
  const statuses = {};
  let errors = 0;
  const total = Math.round(durationS * rate);
  const start = process.hrtime.bigint();
  const nowMs = () => Number(process.hrtime.bigint() - start) / 1e6;
  let sent = 0;
  let done = 0;
  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(giveUp);
      agent.destroy();
      // Requests still unanswered at the deadline count as timeouts (the server fell behind the rate).
      resolve({ result: { errors, timeouts: total - done, non2xx: 0 }, latencies, statuses });
    };
    // Bounded: a server that cannot keep up is not waited for past the schedule + 5 s.
    const giveUp = setTimeout(finish, (durationS + 5) * 1000);
    const finishOne = () => {
      done++;
      if (done === total) finish();
    };
    const fire = (dueMs) => {
      let path = opts.path ?? "/";
      if (opts.idRange) {
        const [min, max] = opts.idRange;
        path = path.replace("{id}", String(min + Math.floor(Math.random() * (max - min + 1))));
      }
      const req = http.request(
        {
          host: base.hostname,
          port: base.port,
          path,
          method: opts.method ?? "GET",
          headers: opts.headers ?? {},
          agent,
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            if (finished) return;
            if (record) {
              latencies.push(nowMs() - dueMs);
              statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
            }
            finishOne();
          });
        },
      );
      req.on("error", () => {
        if (finished) return;
        errors++;
        finishOne();
      });
      if (opts.body) req.write(opts.body);
      req.end();
    };
    const tick = () => {
      const now = nowMs();
      while (sent < total && (sent * 1000) / rate <= now) {
        fire((sent * 1000) / rate);
        sent++;
      }
      if (sent < total && !finished) setTimeout(tick, 1);
    };
    tick();
  });
}

const pct = (sorted, p) =>
  sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const measure = (durationS, record) =>
  opts.overallRate ? paced(durationS, opts.overallRate, record) : run(durationS, record);
if (opts.warmupS) await measure(opts.warmupS, false);
const t0 = process.hrtime.bigint();
const { result, latencies, statuses } = await measure(opts.durationS ?? 10, true);
const elapsedS = Number(process.hrtime.bigint() - t0) / 1e9;
const sorted = Float64Array.from(latencies).sort();
const mode = opts.overallRate
  ? "paced (Node http, open loop)"
  : `autocannon ${autocannon.version ?? ""}`.trim();
const mean = sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1);
process.stdout.write(
  `${JSON.stringify({
    mode,
    requests: sorted.length,
    elapsedS,
    rps: sorted.length / elapsedS,
    latencyMs: {
      mean,
      p50: pct(sorted, 50),
      p90: pct(sorted, 90),
      p99: pct(sorted, 99),
      p999: pct(sorted, 99.9),
      max: sorted[sorted.length - 1] ?? null,
    },
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  })}\n`,
);
