package app_test

import (
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/avatar"
)

// The systematic permission check (issue 12): every exported method of every service that
// app.Services builds (the list main.go binds, so everything the page can call) is called as
// anonymous, an agent, an administrator of another workspace, an administrator and the
// Owner, and must answer as boundRules declares. A method without an entry fails the test,
// so a new bound method cannot ship without a declared rule.
//
// Each caller works on its own seeded database (secEnv), each call in a fresh session. The
// arguments are zero values (the gate must answer before the input is looked at) or, for a
// rule with scope, arguments naming rows of workspace A: then the administrator of workspace
// B must be refused (permission_denied or not_found) and the administrator of A let through.

// level is the least a caller must be for a bound method to let them through its gate.
type level int

const (
	public       level = iota // anyone, signed in or not (sign-in, first run, reset codes, invitations)
	signedIn                  // any signed-in user, agents included (their own data, their own scope)
	admin                     // an administrator or the Owner; an agent gets permission_denied
	owner                     // the Owner only
	testOnly                  // not in the shipped binary: declared in an export_*_test.go file
	recoveryOnly              // only in the recovery window (a database that failed at start) or after a failed background check: refused to everyone here
	setupOnly                 // only on a workstation not yet set up (the setup screen, no session): refused to everyone here
)

// permRule is the declared expectation of one bound method.
type permRule struct {
	min level
	// scope gives arguments naming rows of workspace A (nil: zero values only).
	scope func(t *testing.T, e *secEnv) []any
}

// In workspace A: a user (the target agent), a client, a follow-up, an agent profile.
func userOfA(t *testing.T, e *secEnv) []any { return []any{e.target} }
func clientOfA(t *testing.T, e *secEnv) []any {
	return []any{e.env.SeedClient("Cliente A", "", e.env.WorkspaceA, e.target)}
}
func workspaceA(t *testing.T, e *secEnv) []any { return []any{e.env.WorkspaceA} }
func followupOfA(t *testing.T, e *secEnv) []any {
	c := e.env.SeedClient("Cliente F", "", e.env.WorkspaceA, e.target)
	return []any{e.env.SeedFollowup(c, e.target, e.env.Clock.Now().Add(time.Hour), "")}
}
func profileOfA(t *testing.T, e *secEnv) []any {
	p, err := access.NewProfiles(e.env.DB, e.env.Logger).Create(bg, e.actor(t, e.env.Owner),
		access.ProfileInput{Name: fmt.Sprintf("A %d", e.unique()), Role: "agent", Modules: []string{"clients"}, WorkspaceID: e.env.WorkspaceA})
	if err != nil {
		t.Fatal(err)
	}
	return []any{p.ID}
}

// boundRules declares every bound method's gate. To add a method: one line
// "Service.Method": {min: public | signedIn | admin | owner}, with scope: one of the
// argument makers above when its first argument is the id of something in a workspace.
var boundRules = map[string]permRule{
	"AgendaService.Counts":                     {min: signedIn},
	"AgendaService.Create":                     {min: signedIn},
	"AgendaService.Delete":                     {min: signedIn, scope: followupOfA},
	"AgendaService.Get":                        {min: signedIn, scope: followupOfA},
	"AgendaService.List":                       {min: signedIn},
	"AgendaService.Range":                      {min: signedIn},
	"AboutService.Info":                        {min: public}, // the recovery window has no session
	"AboutService.Mark":                        {min: public}, // the sign-in page reports its paint
	"AboutService.OpenDataFolder":              {min: public},
	"AboutService.OpenLogFolder":               {min: public},
	"AuditService.Cancel":                      {min: admin},
	"AuditService.Export":                      {min: admin},
	"AuditService.List":                        {min: admin},
	"BackupService.BackupNow":                  {min: owner},
	"BackupService.Restore":                    {min: owner},
	"BackupService.RunDaily":                   {min: testOnly},
	"BackupService.SetRetention":               {min: owner},
	"BackupService.Status":                     {min: owner},
	"StartupService.RestoreLatest":             {min: recoveryOnly},
	"StartupService.Retry":                     {min: recoveryOnly},
	"StartupService.Status":                    {min: public},
	"SyncService.Conflicts":                    {min: admin}, // Owner, or an administrator with the Sync module
	"SyncService.Devices":                      {min: owner},
	"SyncService.Disconnect":                   {min: admin},
	"SyncService.Enroll":                       {min: admin},
	"SyncService.Join":                         {min: setupOnly}, // the setup screen's "Join", before any account exists
	"SyncService.NewEnrollCode":                {min: owner},
	"SyncService.NewKeyCode":                   {min: owner},
	"SyncService.ReceiveKeys":                  {min: admin},
	"SyncService.ResolveConflict":              {min: admin},
	"SyncService.RevokeDevice":                 {min: owner},
	"SyncService.Status":                       {min: signedIn},
	"SyncService.SyncNow":                      {min: signedIn}, // also without a session while joining (setup screen)
	"AgendaService.RemindNow":                  {min: testOnly},
	"AgendaService.SearchClients":              {min: signedIn},
	"AgendaService.SetDone":                    {min: signedIn, scope: followupOfA},
	"AgendaService.SetReminderInterval":        {min: testOnly},
	"AgendaService.Update":                     {min: signedIn, scope: followupOfA},
	"AvatarsService.ChooseFile":                {min: signedIn},
	"AvatarsService.Remove":                    {min: signedIn},
	"AvatarsService.Set":                       {min: signedIn},
	"CampaignsService.AddTeam":                 {min: admin},
	"CampaignsService.Create":                  {min: admin},
	"CampaignsService.Delete":                  {min: admin},
	"CampaignsService.Get":                     {min: admin},
	"CampaignsService.List":                    {min: admin},
	"CampaignsService.OfUser":                  {min: signedIn, scope: userOfA},
	"CampaignsService.RemoveMember":            {min: admin},
	"CampaignsService.SetMember":               {min: admin},
	"CampaignsService.TeamMembers":             {min: admin},
	"CampaignsService.Update":                  {min: admin},
	"ClientsService.Cancel":                    {min: signedIn},
	"ClientsService.Create":                    {min: signedIn},
	"ClientsService.Delete":                    {min: signedIn, scope: clientOfA},
	"ClientsService.Get":                       {min: signedIn, scope: clientOfA},
	"ClientsService.Import":                    {min: admin},
	"ClientsService.Export":                    {min: signedIn}, // an agent exports their own portfolio, like List
	"ClientsService.List":                      {min: signedIn},
	"ClientsService.Options":                   {min: signedIn},
	"ClientsService.PreviewImport":             {min: admin},
	"ClientsService.SaveImportTemplate":        {min: admin},
	"ClientsService.Transfer":                  {min: admin},
	"ClientsService.Update":                    {min: signedIn, scope: clientOfA},
	"DashboardService.Figures":                 {min: admin},
	"DashboardService.GettingStarted":          {min: signedIn},
	"DemoService.Setup":                        {min: public},
	"InvitesService.Accept":                    {min: public},
	"InvitesService.Bulk":                      {min: admin},
	"InvitesService.CancelBulk":                {min: admin},
	"InvitesService.ChangeEmail":               {min: admin},
	"InvitesService.CheckPassword":             {min: public},
	"InvitesService.Delete":                    {min: admin},
	"InvitesService.Edit":                      {min: admin},
	"InvitesService.Invite":                    {min: admin},
	"InvitesService.List":                      {min: admin},
	"InvitesService.Lookup":                    {min: public},
	"InvitesService.PreviewPattern":            {min: admin},
	"InvitesService.Resend":                    {min: admin},
	"PasswordsService.GenerateNew":             {min: admin},
	"PasswordsService.ChangeOwn":               {min: signedIn},
	"PasswordsService.GetPolicy":               {min: admin},
	"PasswordsService.GetSMTP":                 {min: owner},
	"PasswordsService.MailConfigured":          {min: public},
	"PasswordsService.RequestResetCode":        {min: public},
	"PasswordsService.ResetUser":               {min: admin},
	"PasswordsService.ResetWithCode":           {min: public},
	"PasswordsService.SendTestMail":            {min: owner},
	"PasswordsService.SetPolicy":               {min: owner},
	"PasswordsService.SetSMTP":                 {min: owner},
	"ProfilesService.Create":                   {min: admin},
	"ProfilesService.Delete":                   {min: admin, scope: profileOfA},
	"ProfilesService.Get":                      {min: admin, scope: profileOfA},
	"ProfilesService.List":                     {min: admin},
	"ProfilesService.Options":                  {min: signedIn},
	"ProfilesService.Update":                   {min: admin, scope: profileOfA},
	"SessionService.Boot":                      {min: public},
	"SessionService.CheckPassword":             {min: signedIn},
	"SessionService.Me":                        {min: signedIn},
	"SessionService.PrepareSignIn":             {min: public}, // the sign-in page, while the password is typed
	"SessionService.SetPreferences":            {min: signedIn},
	"SessionService.SetPresence":               {min: signedIn},
	"SessionService.Setup":                     {min: public},
	"SessionService.SignIn":                    {min: public},
	"SessionService.SignInSecondFactor":        {min: public},
	"SessionService.SignOut":                   {min: public},
	"TeamsService.Create":                      {min: admin},
	"TeamsService.Delete":                      {min: admin},
	"TeamsService.Get":                         {min: admin},
	"TeamsService.List":                        {min: admin},
	"TeamsService.Update":                      {min: admin},
	"TwoFactorService.Confirm":                 {min: signedIn},
	"TwoFactorService.Disable":                 {min: signedIn},
	"TwoFactorService.Enroll":                  {min: signedIn},
	"TwoFactorService.RegenerateRecoveryCodes": {min: signedIn},
	"TwoFactorService.ResetUser":               {min: admin, scope: userOfA},
	"TwoFactorService.SaveRecoveryCodes":       {min: signedIn},
	"TwoFactorService.Status":                  {min: signedIn},
	"UsersService.CancelImport":                {min: admin},
	"UsersService.Create":                      {min: admin},
	"UsersService.Deactivate":                  {min: admin, scope: userOfA},
	"UsersService.PreviewOffboard":             {min: admin, scope: userOfA},
	"UsersService.Delete":                      {min: admin},
	"UsersService.Export":                      {min: admin},
	"UsersService.Get":                         {min: admin, scope: userOfA},
	"UsersService.History":                     {min: admin, scope: userOfA},
	"UsersService.Import":                      {min: admin},
	"UsersService.List":                        {min: admin},
	"UsersService.MyPreferences":               {min: signedIn},
	"UsersService.Options":                     {min: admin},
	"UsersService.PreviewImport":               {min: admin},
	"UsersService.ProposeUsername":             {min: admin},
	"UsersService.Reactivate":                  {min: admin, scope: userOfA},
	"UsersService.SaveImportTemplate":          {min: admin},
	"UsersService.SetMyPreferences":            {min: signedIn},
	"UsersService.SignIns":                     {min: admin, scope: userOfA},
	"UsersService.TransferOwnership":           {min: owner},
	"UsersService.Update":                      {min: admin, scope: userOfA},
	"WorkspacesService.Create":                 {min: owner},
	"WorkspacesService.List":                   {min: signedIn},
	"WorkspacesService.Rename":                 {min: owner},
	"WorkspacesService.SetArchived":            {min: owner},
	"WorkspacesService.Users":                  {min: admin, scope: workspaceA},
}

// boundMethod is one exported method of one bound service, as Wails exposes it to the page.
type boundMethod struct {
	name string // "UsersService.Get"
	fn   reflect.Value
}

// boundMethods lists every exported method of every service app.Services builds for core
// (the list main.go binds), sorted by name.
func boundMethods(core *app.Core, avatars *avatar.Service) []boundMethod {
	var out []boundMethod
	// The start-up, about and backup services get a System of their own: no restart, and
	// "open folder" shows nothing (the file manager is an outside program).
	sys := &app.System{Restart: func() {}, OpenFolder: func(string) error { return nil }}
	for _, s := range app.Services(core, avatars, sys) {
		v := reflect.ValueOf(s)
		ty := v.Type()
		for i := 0; i < ty.NumMethod(); i++ {
			out = append(out, boundMethod{name: ty.Elem().Name() + "." + ty.Method(i).Name, fn: v.Method(i)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// call calls m with args (zero values where args is short) and returns its error code; a
// panic is reported as the code "panic: …".
func call(m boundMethod, args []any) (code string) {
	defer func() {
		if p := recover(); p != nil {
			code = fmt.Sprintf("panic: %v", p)
		}
	}()
	ft := m.fn.Type()
	in := make([]reflect.Value, ft.NumIn())
	for i := range in {
		if i < len(args) && args[i] != nil {
			in[i] = reflect.ValueOf(args[i])
		} else {
			in[i] = reflect.Zero(ft.In(i))
		}
	}
	out := m.fn.Call(in)
	if len(out) == 0 {
		return ""
	}
	if err, ok := out[len(out)-1].Interface().(error); ok && err != nil {
		return apperr.CodeOf(err)
	}
	return ""
}

// rank is the level each caller reaches.
var rank = map[string]level{"anonymous": public, "agent": signedIn, "adminOther": admin, "admin": admin, "owner": owner}

// gateOK reports whether code says the call got past the session and permission gate.
func gateOK(code string) bool {
	return code != apperr.CodeUnauthenticated && code != apperr.CodePermissionDenied && !isPanic(code)
}

func isPanic(code string) bool { return len(code) > 6 && code[:6] == "panic:" }

// wantRefused is the refusal a caller below a method's level must get.
func wantRefused(who string) string {
	if who == "anonymous" {
		return apperr.CodeUnauthenticated
	}
	return apperr.CodePermissionDenied
}

func TestEveryBoundMethodHasADeclaredGate(t *testing.T) {
	if raceOn {
		t.Skip("about 1,200 database calls: run without -race by scripts/test.sh (NO_RACE_TESTS)")
	}
	envs := map[string]*secEnv{}
	for _, who := range callers {
		envs[who] = newSecEnv(t)
	}
	bound := map[string]bool{}
	for _, m := range boundMethods(envs["owner"].core(t, "owner"), avatar.New(envs["owner"].env.DB)) {
		bound[m.name] = true
		if _, ok := boundRules[m.name]; !ok {
			t.Errorf("%s is bound (app.Services) but has no rule: add to boundRules in app/permissions_all_test.go\n"+
				"\t%q: {min: signedIn}, // public | signedIn | admin | owner; add scope: userOfA (or clientOfA, workspaceA, …) when its first argument is the id of something in a workspace",
				m.name, m.name)
		}
	}
	for name := range boundRules {
		if !bound[name] {
			t.Errorf("boundRules has %s, which no bound service has: remove or rename its entry", name)
		}
	}
	for _, who := range callers {
		e := envs[who]
		// The methods are listed once per call: each call gets a fresh session (a method such as
		// SignOut ends the one it runs in).
		for _, name := range sortedRuleNames() {
			r := boundRules[name]
			if r.min == testOnly || !bound[name] {
				continue
			}
			m := methodNamed(e.core(t, who), avatar.New(e.env.DB), name)
			code := call(m, nil) // the gate, on zero values
			if r.min == recoveryOnly || r.min == setupOnly {
				if code != apperr.CodePermissionDenied {
					t.Errorf("%s as %s with a healthy, set-up database: code %q, want permission_denied", name, who, code)
				}
				continue
			}
			switch {
			case isPanic(code):
				t.Errorf("%s as %s: %s", name, who, code)
			case rank[who] < r.min && code != wantRefused(who):
				t.Errorf("%s as %s: code %q, want %q (declared %s)", name, who, code, wantRefused(who), levelName(r.min))
			case rank[who] >= r.min && !gateOK(code):
				t.Errorf("%s as %s: code %q, want it let through the gate (declared %s)", name, who, code, levelName(r.min))
			}
			if r.scope == nil || rank[who] < admin {
				continue
			}
			// The scope, on a row of workspace A.
			m = methodNamed(e.core(t, who), avatar.New(e.env.DB), name)
			code = call(m, r.scope(t, e))
			switch {
			case who == "adminOther" && code != apperr.CodePermissionDenied && code != apperr.CodeNotFound:
				t.Errorf("%s as the administrator of another workspace on a row of workspace A: code %q, want permission_denied or not_found", name, code)
			case who != "adminOther" && (!gateOK(code) || code == apperr.CodeNotFound):
				t.Errorf("%s as %s on a row of their scope: code %q, want it let through", name, who, code)
			}
		}
	}
}

func sortedRuleNames() []string {
	out := make([]string, 0, len(boundRules))
	for n := range boundRules {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func methodNamed(core *app.Core, avatars *avatar.Service, name string) boundMethod {
	for _, m := range boundMethods(core, avatars) {
		if m.name == name {
			return m
		}
	}
	panic("no bound method " + name)
}

func levelName(l level) string {
	return [...]string{"public", "signedIn", "admin", "owner", "testOnly", "recoveryOnly", "setupOnly"}[l]
}
