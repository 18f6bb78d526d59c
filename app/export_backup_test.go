package app

import "context"

// RunDaily makes the automatic backup when one is due (tests only: the window never calls it).
func (s *BackupService) RunDaily(ctx context.Context) { s.runDaily(ctx) }
