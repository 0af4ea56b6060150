# One-shot Vault Agent: log in with the token in ./token, render each template
# once from integrations/creds/, and exit (non-zero if a secret cannot be read).
#
#   export VAULT_ADDR=http://127.0.0.1:8200
#   vault token create -field=token -policy=integrations-consumer > token
#   vault agent -config=agent.hcl
exit_after_auth = true

auto_auth {
  method "token_file" {
    # One-shot: a token that does not work is an error, not a retry loop.
    exit_on_err = true
    config = {
      token_file_path = "token"
    }
  }
}

template_config {
  exit_on_retry_failure = true
}

# A registry login for docker, podman or a Kubernetes image pull secret.
template {
  source      = "docker-config.json.ctmpl"
  destination = "out/docker/config.json"
  perms       = "0600"
}

template {
  source      = "kubeconfig.ctmpl"
  destination = "out/kubeconfig"
  perms       = "0600"
}

# Environment for a model server: source it, or pass it to docker --env-file.
template {
  source      = "hf.env.ctmpl"
  destination = "out/hf.env"
  perms       = "0600"
}
