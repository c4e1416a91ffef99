// Validates every object of the YAML files given against its API's schema: kubernetes-models'
// validators, generated from the Kubernetes OpenAPI document and the Prometheus Operator and
// Strimzi CRDs. Prints each invalid object with the reasons; exits 1 when one is invalid.
// Bundled into validate-manifests.cjs (npm run bundle), which the tests run with no install.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { Kafka } from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/Kafka';
import { KafkaNodePool } from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaNodePool';
import { KafkaTopic } from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaTopic';
import { KafkaUser } from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaUser';

// The kinds the manifests use, by API version; any other is reported, not passed.
const kinds = {
  'v1': { Namespace, Service, ConfigMap, ServiceAccount },
  'apps/v1': { Deployment },
  'networking.k8s.io/v1': { NetworkPolicy },
  'policy/v1': { PodDisruptionBudget },
  'autoscaling/v2': { HorizontalPodAutoscaler },
  'monitoring.coreos.com/v1': { ServiceMonitor, PrometheusRule },
  'kafka.strimzi.io/v1': { Kafka, KafkaNodePool, KafkaTopic, KafkaUser },
};
let failures = 0, checked = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const obj = doc.toJS();
    if (!obj || !obj.kind) continue;
    const Kind = kinds[obj.apiVersion]?.[obj.kind];
    if (!Kind) {
      failures++;
      console.log(`${file}: ${obj.kind}/${obj.metadata?.name}: no schema known for ${obj.apiVersion} ${obj.kind}`);
      continue;
    }
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
