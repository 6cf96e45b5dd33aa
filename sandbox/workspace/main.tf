# Sandbox: a production database, as an agent might find it. `terraform` here is a harmless stand-in.
resource "aws_db_instance" "checkout" {
  identifier          = "checkout-prod"
  engine              = "postgres"
  instance_class      = "db.r6g.large"
  deletion_protection = true
}
