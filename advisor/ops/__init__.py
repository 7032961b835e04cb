"""What operators point things at: health checks, Prometheus metrics, request ids in logs."""
