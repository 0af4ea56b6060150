package bench

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/integrations/vault-plugin-secrets-integrations/backend/kinds"
	"github.com/integrations/vault-plugin-secrets-integrations/internal/loadgen"
)

// dataset is the secrets both engines hold: secret i is of kind i mod the
// number of kinds, with that kind's example body, so every kind carries an
// equal share and the two engines store the same fields.
//
//	plugin:  <mount>/secrets/<kind>/<name>, read back at <mount>/creds/<name>
//	KV v2:   secret/data/<kind>/<name>, listed at secret/metadata/<kind>/
type dataset struct {
	base, mount string // base is the server's address ("http://127.0.0.1:8200")
	kinds       []string
	plugin      [][]byte // per kind: the example body
	kv          [][]byte // per kind: {"data": example body}
}

func newDataset(base, mount string) (*dataset, error) {
	d := &dataset{base: base, mount: mount}
	for _, k := range kinds.All() {
		body, err := json.Marshal(k.Example)
		if err != nil {
			return nil, fmt.Errorf("encoding the %s example: %w", k.Name, err)
		}
		wrapped, err := json.Marshal(map[string]any{"data": k.Example})
		if err != nil {
			return nil, fmt.Errorf("encoding the %s example: %w", k.Name, err)
		}
		d.kinds = append(d.kinds, k.Name)
		d.plugin = append(d.plugin, body)
		d.kv = append(d.kv, wrapped)
	}
	if len(d.kinds) == 0 {
		return nil, fmt.Errorf("the kinds registry is empty")
	}
	return d, nil
}

func (d *dataset) kindOf(i int) int { return i % len(d.kinds) }

func name(i int) string { return fmt.Sprintf("bench-%07d", i) }

func (d *dataset) pluginWrite(i int) loadgen.Request {
	k := d.kindOf(i)
	return loadgen.Request{Method: http.MethodPost, URL: fmt.Sprintf("%s/v1/%s/secrets/%s/%s", d.base, d.mount, d.kinds[k], name(i)), Body: d.plugin[k]}
}

func (d *dataset) kvWrite(i int) loadgen.Request {
	k := d.kindOf(i)
	return loadgen.Request{Method: http.MethodPost, URL: fmt.Sprintf("%s/v1/secret/data/%s/%s", d.base, d.kinds[k], name(i)), Body: d.kv[k]}
}

func (d *dataset) pluginRead(i int) loadgen.Request {
	return loadgen.Request{Method: http.MethodGet, URL: fmt.Sprintf("%s/v1/%s/creds/%s", d.base, d.mount, name(i))}
}

func (d *dataset) kvRead(i int) loadgen.Request {
	return loadgen.Request{Method: http.MethodGet, URL: fmt.Sprintf("%s/v1/secret/data/%s/%s", d.base, d.kinds[d.kindOf(i)], name(i))}
}

// Lists use GET with list=true, which Vault serves as LIST.
func (d *dataset) pluginList(k int) loadgen.Request {
	return loadgen.Request{Method: http.MethodGet, URL: fmt.Sprintf("%s/v1/%s/secrets/%s/?list=true", d.base, d.mount, d.kinds[k])}
}

func (d *dataset) kvList(k int) loadgen.Request {
	return loadgen.Request{Method: http.MethodGet, URL: fmt.Sprintf("%s/v1/secret/metadata/%s/?list=true", d.base, d.kinds[k])}
}
