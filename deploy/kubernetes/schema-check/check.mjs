// Validates every object of the YAML files given against its API's schema (kubernetes-models'
// validators, generated from the Kubernetes OpenAPI and the Prometheus Operator and Strimzi CRDs).
// Prints each invalid object with the reasons; exits 1 when one is invalid. No cluster needed.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
const modules = {
  'v1': 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
  'kafka.strimzi.io/v1': '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1',
};
let failures = 0, checked = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const obj = doc.toJS();
    if (!obj || !obj.kind) continue;
    if (!modules[obj.apiVersion]) {
      failures++;
      console.log(`${file}: ${obj.kind}/${obj.metadata?.name}: no schema known for ${obj.apiVersion}`);
      continue;
    }
    const mod = await import(modules[obj.apiVersion]);
    const Kind = mod[obj.kind];
    try {
      new Kind(obj).validate();
      checked++;
    } catch (e) {
      failures++;
      console.log(`${file}: ${obj.kind}/${obj.metadata?.name}: ${e.message}`, JSON.stringify(e.errors || '').slice(0, 600));
    }
  }
}
console.log(`checked ${checked}, failures ${failures}`);
process.exit(failures ? 1 : 0);
