package backend

import (
	"fmt"
	"testing"

	"github.com/hashicorp/vault/sdk/logical"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
)

// In-process benchmarks of the two hot paths (run: make bench-go).

func BenchmarkCredsRead(b *testing.B) {
	for _, name := range []string{"huggingface", "dockerhub", "kubernetes", "gcp"} {
		k, _ := kinds.Get(name)
		b.Run(name, func(b *testing.B) {
			env := getTestBackend(b)
			env.ok(b, logical.CreateOperation, "secrets/"+k.Name+"/bench", k.Example)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				env.ok(b, logical.ReadOperation, "creds/bench", nil)
			}
		})
	}
}

func BenchmarkWrite(b *testing.B) {
	for _, name := range []string{"huggingface", "kubernetes"} {
		k, _ := kinds.Get(name)
		b.Run(name, func(b *testing.B) {
			env := getTestBackend(b)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				env.ok(b, logical.UpdateOperation, fmt.Sprintf("secrets/%s/bench-%d", k.Name, i%1000), k.Example)
			}
		})
	}
}
