// Command vault is the real HashiCorp Vault CLI and server, built from the Go
// module proxy so that tests and `make dev` run against a genuine Vault.
package main

import (
	"os"

	"github.com/hashicorp/vault/command"
)

func main() {
	os.Exit(command.Run(os.Args[1:]))
}
