package app

import "github.com/plantel/plantel/backend/avatar"

// Services builds every service the window binds, in the order main.go hands them to
// Wails. It is the one list: the permission test (permissions_all_test.go) enumerates every
// exported method of every service in it, so a service bound anywhere else would escape it.
func Services(core *Core, avatars *avatar.Service, sys *System) []any {
	return []any{
		NewSessionService(core),
		NewUsersService(core),
		NewProfilesService(core),
		NewPasswordsService(core),
		NewInvitesService(core, nil),
		NewTwoFactorService(core),
		NewAvatarsService(core, avatars),
		NewAgendaService(core),
		NewWorkspacesService(core),
		NewTeamsService(core),
		NewCampaignsService(core),
		NewClientsService(core),
		NewDashboardService(core),
		NewDemoService(core),
		NewAuditService(core),
		NewStartupService(sys),
		NewAboutService(sys),
		NewBackupService(core, sys),
		NewSyncService(core, sys),
	}
}
