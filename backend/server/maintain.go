package server

import (
	"context"
	"os"
	"time"

	"github.com/rs/zerolog"
)

// Maintenance is the server's periodic housekeeping: the change log is compacted
// (CompactLog) and stored batch answers are pruned (PruneBatches). The pinned command line
// has no flag for it; the environment tunes it.
type Maintenance struct {
	// Every is how often it runs (PLANTEL_SERVER_MAINTENANCE_EVERY, default 6h; the first
	// run is a minute after the start). 0 turns it off.
	Every time.Duration
	// CompactAfter is how old (by their stamps) log entries must be before compaction may
	// drop them (PLANTEL_SERVER_COMPACT_AFTER, default 30 days): a workstation that syncs
	// at least that often sees every intermediate change in its History.
	CompactAfter time.Duration
	// BatchRetention is how long the answer of a batch is kept for a repeated batch_id
	// (PLANTEL_SERVER_BATCH_RETENTION, default 30 days).
	BatchRetention time.Duration
}

// Defaults of Maintenance.
const (
	DefaultMaintenanceEvery = 6 * time.Hour
	DefaultCompactAfter     = 30 * 24 * time.Hour
	DefaultBatchRetention   = 30 * 24 * time.Hour
)

// MaintenanceFromEnv reads Maintenance from the environment (Go durations such as "12h",
// "720h"); a value that does not parse keeps the default and is reported in the log.
func MaintenanceFromEnv(log zerolog.Logger) Maintenance {
	m := Maintenance{Every: DefaultMaintenanceEvery, CompactAfter: DefaultCompactAfter, BatchRetention: DefaultBatchRetention}
	for _, v := range []struct {
		name string
		dst  *time.Duration
	}{
		{"PLANTEL_SERVER_MAINTENANCE_EVERY", &m.Every},
		{"PLANTEL_SERVER_COMPACT_AFTER", &m.CompactAfter},
		{"PLANTEL_SERVER_BATCH_RETENTION", &m.BatchRetention},
	} {
		s := os.Getenv(v.name)
		if s == "" {
			continue
		}
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			log.Warn().Str("var", v.name).Str("value", s).Msg("not a duration; the default stays")
			continue
		}
		*v.dst = d
	}
	return m
}

// MaintainOnce compacts the log and prunes batch answers once, as of now.
func MaintainOnce(ctx context.Context, st Storage, m Maintenance, now time.Time, log zerolog.Logger) error {
	cs, err := st.CompactLog(ctx, now.Add(-m.CompactAfter))
	if err != nil {
		log.Error().Err(err).Msg("maintenance: log compaction failed")
		return err
	}
	n, err := st.PruneBatches(ctx, now.Add(-m.BatchRetention))
	if err != nil {
		log.Error().Err(err).Msg("maintenance: pruning batch answers failed")
		return err
	}
	ne, err := st.ExpireEnvelopes(ctx, now)
	if err != nil {
		log.Error().Err(err).Msg("maintenance: emptying expired key envelopes failed")
		return err
	}
	log.Info().Int("log_scanned", cs.Scanned).Int("log_dropped", cs.Dropped).Int64("log_horizon", cs.Horizon).
		Int("batches_pruned", n).Int("envelopes_expired", ne).Msg("maintenance")
	return nil
}

// RunMaintenance runs MaintainOnce a minute after the start and then every m.Every until
// ctx ends. Several servers on one PostgreSQL database may all run it: each step holds the
// write lock and is idempotent.
func RunMaintenance(ctx context.Context, st Storage, m Maintenance, log zerolog.Logger) {
	if m.Every <= 0 {
		return
	}
	wait := time.Minute
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		_ = MaintainOnce(ctx, st, m, time.Now(), log)
		wait = m.Every
	}
}
