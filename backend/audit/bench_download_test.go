package audit_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/audit"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

// benchDownloaded is how many clients BenchmarkAuditAfterADownload downloads: 100,000 by
// default; PLANTEL_AUDIT_BENCH_DOWNLOADED sets another count.
func benchDownloaded() int {
	if n, err := strconv.Atoi(os.Getenv("PLANTEL_AUDIT_BENCH_DOWNLOADED")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// BenchmarkAuditAfterADownload measures the audit page's first page after a workstation's
// first download brought benchDownloaded clients (pages of 5,000 created in bulk, as the sync
// client pulls them: one page entry each, the rows' creations listed from their row clocks),
// on top of 5,000 local entries: unfiltered, searched (a word one downloaded client is named
// by, one every downloaded client is named by, and one nothing matches), filtered by an entity no download row
// is of, as the Owner and as an administrator of one of the two workspaces. Each op is one
// page.
func BenchmarkAuditAfterADownload(b *testing.B) {
	e := testutil.NewEnv(b)
	ctx := context.Background()
	n := benchDownloaded()
	start := time.Now()
	if err := e.DB.Write(ctx, e.Owner, func(tx *store.Tx) error {
		for i := range 5000 {
			if err := tx.Audit("users", []string{e.AgentA, e.AgentB}[i%2], "update",
				map[string]any{"phone": map[string]any{"old": strconv.Itoa(i), "new": strconv.Itoa(i + 1)}}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	base := e.Clock.Now().Add(-time.Hour).UnixMilli()
	const device, pageSize = "desk-2", 5000
	for done := 0; done < n; done += pageSize {
		e.Clock.Advance(time.Second)
		var page []store.Change
		for i := done; i < min(done+pageSize, n); i++ {
			raw := map[string]json.RawMessage{}
			for k, v := range map[string]any{"name": fmt.Sprintf("Cliente %06d", i), "phone": fmt.Sprintf("+51 1 %07d", i),
				"workspace_id": []string{e.WorkspaceA, e.WorkspaceB}[i%2]} {
				raw[k], _ = json.Marshal(v)
			}
			page = append(page, store.Change{Table: "clients", ID: store.NewID(), HLC: store.HLC{Millis: base + int64(i), Device: device}.String(),
				Fields: raw, DeviceID: device, ActorID: e.Owner})
		}
		if _, err := e.DB.ApplyRemote(ctx, page, store.ApplyOptions{DeferSearch: true}); err != nil {
			b.Fatal(err)
		}
	}
	if err := e.DB.FillSearchBacklog(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("downloaded %d clients in %s", n, time.Since(start).Round(time.Millisecond))
	svc := audit.New(e.DB)
	owner, admin := e.ActorFor(e.Owner), e.ActorFor(e.Admin)
	one := fmt.Sprintf("Cliente %06d", n/3&^1) // in workspace A, the administrator's
	for _, c := range []struct {
		name string
		run  func() (*audit.Page, error)
	}{
		{"owner", func() (*audit.Page, error) { return svc.List(ctx, owner, audit.Query{}) }},
		{"owner-search-one", func() (*audit.Page, error) { return svc.List(ctx, owner, audit.Query{Search: one}) }},
		{"owner-search-all", func() (*audit.Page, error) { return svc.List(ctx, owner, audit.Query{Search: "Cliente"}) }},
		{"owner-search-none", func() (*audit.Page, error) { return svc.List(ctx, owner, audit.Query{Search: "Zapatería"}) }},
		{"owner-entity-teams", func() (*audit.Page, error) { return svc.List(ctx, owner, audit.Query{Entity: "teams"}) }},
		{"admin", func() (*audit.Page, error) { return svc.List(ctx, admin, audit.Query{}) }},
		{"admin-search-one", func() (*audit.Page, error) { return svc.List(ctx, admin, audit.Query{Search: one}) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			var rows int
			for b.Loop() {
				p, err := c.run()
				if err != nil {
					b.Fatal(err)
				}
				rows = len(p.Rows)
			}
			b.ReportMetric(float64(rows), "rows")
		})
	}
}
