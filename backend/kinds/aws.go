package kinds

import (
	"errors"
	"regexp"
	"strconv"
)

// MinRotationPeriod is the shortest rotation_period an aws secret accepts.
const MinRotationPeriod = 60

func init() {
	Register(&Kind{
		Name:        "aws",
		Description: "An AWS IAM user's access key. Rotates itself (rotate/<name>, rotation_period); never use root credentials.",
		Fields: []Field{
			{Name: "access_key_id", Required: true, Description: "Access key id (AKIA...).",
				Check: matches(regexp.MustCompile(`^[A-Z0-9]{16,128}$`), "16 to 128 upper-case letters and digits, like AKIAIOSFODNN7EXAMPLE")},
			{Name: "secret_access_key", Required: true, Sensitive: true, Description: "Secret access key.", Check: noWhitespace},
			{Name: "session_token", Sensitive: true, Description: "Session token of temporary credentials; such a secret is stored but cannot rotate.", Check: noWhitespace},
			{Name: "region", Default: "us-east-1", Description: "Default region for clients.",
				Check: matches(regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`), "an AWS region such as us-east-1")},
			{Name: "rotation_period", Type: Seconds, Description: "Rotate the key this often (at least 60s); 0 or unset rotates only on demand.", Check: rotationPeriod},
			{Name: "grace_period", Type: Seconds, Description: "Keep the old key valid this long after a rotation; 0 deletes it at once."},
		},
		Validate: func(v Values) error {
			period, _ := strconv.Atoi(v["rotation_period"])
			grace, _ := strconv.Atoi(v["grace_period"])
			if v["session_token"] != "" && period != 0 {
				return conflict("rotation_period", "cannot be set with session_token: temporary credentials cannot rotate")
			}
			if period != 0 && grace >= period {
				return conflict("grace_period", "must be shorter than rotation_period, so that an old key is gone before the next rotation needs its slot")
			}
			return nil
		},
		Rotates: true,
		Example: map[string]any{
			"access_key_id":     "AKIAIOSFODNN7EXAMPLE",
			"secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
			"region":            "us-east-1",
		},
		Invalid: []Invalid{
			{"lower-case key id", map[string]any{"access_key_id": "akiaiosfodnn7example"}, "access_key_id"},
			{"short key id", map[string]any{"access_key_id": "AKIA123"}, "access_key_id"},
			{"whitespace in secret", map[string]any{"secret_access_key": "wJalrXUtn FEMI"}, "secret_access_key"},
			{"bad region", map[string]any{"region": "Europe"}, "region"},
			{"rotation too often", map[string]any{"rotation_period": "30s"}, "rotation_period"},
			{"negative grace", map[string]any{"grace_period": -5}, "grace_period"},
			{"temporary credentials on a schedule", map[string]any{"session_token": "FwoGZXIvYXdzE", "rotation_period": "24h"}, "rotation_period"},
			{"grace as long as the period", map[string]any{"rotation_period": "1h", "grace_period": "1h"}, "grace_period"},
			{"number as key id", map[string]any{"access_key_id": 12345678901234567}, "access_key_id"},
		},
	})
}

func rotationPeriod(s string) error {
	if n, _ := strconv.Atoi(s); n != 0 && n < MinRotationPeriod {
		return errors.New("must be 0 (on demand only) or at least 60s")
	}
	return nil
}
