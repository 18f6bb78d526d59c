package server_test

import (
	"fmt"
	"testing"

	"github.com/plantel/plantel/backend/server/pgtest"
	"github.com/plantel/plantel/backend/syncwire"
)

// Push and pull throughput over real HTTP on 127.0.0.1, in rows per second:
//
//	go test ./backend/server -run '^$' -bench . -benchtime 5x
func BenchmarkPushPull(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			dsn := ""
			if name == "postgres" {
				dsn = pgtest.NewDatabase(b)
			}
			o := newOrgTB(b, dsn)
			c := o.owner
			const batch = 1000
			b.Run("push", func(b *testing.B) {
				n := 0
				for i := 0; i < b.N; i++ {
					chs := make([]syncwire.Change, batch)
					for k := range chs {
						n++
						chs[k] = c.change("clients", fmt.Sprintf("c-%d", n), map[string]any{"name": fmt.Sprintf("Client %d", n),
							"workspace_id": "w1", "email": fmt.Sprintf("c%d@example.org", n), "owner_id": agentA})
					}
					if r := c.push(chs...); r.Accepted != batch {
						b.Fatalf("accepted %d", r.Accepted)
					}
				}
				b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "rows/s")
			})
			b.Run("pull", func(b *testing.B) {
				rows := 0
				for i := 0; i < b.N; i++ {
					cursor := int64(0)
					for {
						r := c.pull(cursor, 5000)
						rows += len(r.Changes)
						cursor = r.Cursor
						if !r.More {
							break
						}
					}
				}
				b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
			})
		})
	}
}
