# Sandbox: marks this folder as an initialised Terraform project. Nothing here is real.
provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.80.0"
  constraints = "~> 5.0"
}
