/**
 * Example configurations to start from: a Prometheus scrape config that loads the generated rules,
 * and an Alertmanager routing tree keyed on the severities the rules use.
 */
import type { MixinContext } from './context.js';

/** Where the files sit in the output, relative to its root. */
export const PATHS = {
  prometheusConfig: 'prometheus/prometheus.yml',
  alertRules: 'prometheus/rules/otelkit-alerts.yaml',
  sloRules: 'prometheus/rules/otelkit-slo.yaml',
  alertmanagerConfig: 'alertmanager/alertmanager.yml',
} as const;

export function prometheusConfig(ctx: MixinContext, header: string): string {
  return `${header}
global:
  scrape_interval: 15s
  evaluation_interval: 30s

# Every rule file the generator wrote, relative to this file.
rule_files:
  - rules/*.yaml

alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:9093']

scrape_configs:
  # otelkit serves /metrics with OTEL_METRICS_EXPORTER=prometheus, on OTEL_EXPORTER_PROMETHEUS_PORT
  # (9464), in the ${ctx.profile} profile (OTELKIT_METRICS_PROFILE) here. The job label
  # is what the alerts group by; instance tells the processes apart.
  - job_name: otelkit-app
    metrics_path: /metrics
    scrape_interval: 15s
    static_configs:
      - targets: ['${ctx.scrapeTarget}']
    # In Kubernetes, replace static_configs with pod discovery, e.g.:
    # kubernetes_sd_configs: [{ role: pod }]
    # relabel_configs:
    #   - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
    #     action: keep
    #     regex: 'true'
`;
}

export function alertmanagerConfig(header: string): string {
  return `${header}
# Pages for critical alerts, tickets for warnings, nothing for info (they stay on the dashboards
# and in the Alertmanager UI). Replace the webhook URLs with your pager and ticket integrations.
route:
  receiver: ticket
  group_by: [alertname, job, slo]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
  routes:
    - matchers: ['severity="critical"']
      receiver: page
      repeat_interval: 1h
    - matchers: ['severity="warning"']
      receiver: ticket
    - matchers: ['severity="info"']
      receiver: 'null'

# A critical alert silences the warning of the same name for the same job (e.g. the fast SLO
# burn silences the slow one).
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: [alertname, job, slo]

receivers:
  - name: page
    webhook_configs:
      - url: 'http://127.0.0.1:5001/page'
        send_resolved: true
  - name: ticket
    webhook_configs:
      - url: 'http://127.0.0.1:5001/ticket'
        send_resolved: true
  - name: 'null'
`;
}
