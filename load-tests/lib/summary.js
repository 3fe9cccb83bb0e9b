// A compact end-of-test summary (no remote jslib: these machines are offline), also written as JSON.
function fmtMetric(name, m) {
  const v = m.values;
  if (m.type === 'trend') {
    return `${name}: p50=${(v.med ?? 0).toFixed(2)} p95=${(v['p(95)'] ?? 0).toFixed(2)} p99=${(v['p(99)'] ?? 0).toFixed(2)} max=${(v.max ?? 0).toFixed(2)} (ms)`;
  }
  if (m.type === 'counter') return `${name}: ${v.count} (${(v.rate ?? 0).toFixed(1)}/s)`;
  if (m.type === 'rate') return `${name}: ${((v.rate ?? 0) * 100).toFixed(2)}%`;
  return `${name}: ${JSON.stringify(v)}`;
}

export function summarize(scenario, data, dir) {
  const lines = [`== ${scenario}`];
  const names = Object.keys(data.metrics).sort();
  for (const name of names) {
    const m = data.metrics[name];
    const failed = m.thresholds
      ? Object.entries(m.thresholds)
          .filter(([, t]) => !t.ok)
          .map(([k]) => k)
      : [];
    lines.push(`  ${fmtMetric(name, m)}${failed.length ? `  ✗ threshold ${failed.join(', ')}` : ''}`);
  }
  const text = lines.join('\n') + '\n';
  return { stdout: text, [`${dir}/${scenario}.json`]: JSON.stringify(data, null, 1), [`${dir}/${scenario}.txt`]: text };
}
