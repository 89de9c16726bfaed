module cdk8s-piraeus.local/go-yaml-answers

go 1.23

require (
	go.yaml.in/yaml/v2 v2.4.4
	sigs.k8s.io/yaml v1.6.0
)
