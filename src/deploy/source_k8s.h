/* The Kubernetes source: kubernetes.io/tls Secrets in YAML or JSON. */
#ifndef SOURCE_K8S_H
#define SOURCE_K8S_H

#include "deploy/source.h"

extern const struct source_desc source_k8s;

#endif
