package syncwire

import "net/http"

type httpMaxBytesError = http.MaxBytesError
