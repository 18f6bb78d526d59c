package accounts

import (
	"context"
	"database/sql"
	"errors"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/names"
	"github.com/plantel/plantel/backend/store"
)

// UserInfo is what the window knows of the signed-in user. It never holds secrets.
type UserInfo struct {
	ID          string `json:"id"`
	ShortID     string `json:"shortId"`
	Username    string `json:"username"`
	Email       string `json:"email"`
	FirstName   string `json:"firstName"`
	LastName    string `json:"lastName"`
	DisplayName string `json:"displayName"`
	Role        string `json:"role"`
	ProfileID   string `json:"profileId"`
	ProfileName string `json:"profileName"`
	Language    string `json:"language"`
	Theme       string `json:"theme"`
	Presence    string `json:"presence"`
	// AvatarID is the user's avatar ("" = none), served at /avatars/<id>/<512|64>.
	AvatarID string `json:"avatarId"`
	// MustChangePassword: only the password change (and Me, SignOut) is open until it is done.
	MustChangePassword bool `json:"mustChangePassword"`
	// MustSetUpTwoFactor: the policy requires a second factor; only its enrolment is open.
	MustSetUpTwoFactor bool `json:"mustSetUpTwoFactor"`
	TwoFactorEnabled   bool `json:"twoFactorEnabled"`
}

// WorkspaceRef names a workspace.
type WorkspaceRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// SessionInfo is the signed-in state the shell is drawn from.
type SessionInfo struct {
	User       UserInfo       `json:"user"`
	Modules    []string       `json:"modules"`
	OrgName    string         `json:"orgName"`
	Workspaces []WorkspaceRef `json:"workspaces"`
}

// Session describes the actor's own session.
func (s *Service) Session(ctx context.Context, a *access.Actor) (*SessionInfo, error) {
	if err := access.Check(a, access.Need{}); err != nil {
		return nil, err
	}
	q, args, _ := sq.Select("u.id", "u.username", "u.email", "u.first_name", "u.last_name", "u.role",
		"COALESCE(u.profile_id, '')", "COALESCE(p.name, '')", "u.language", "u.theme", "u.presence", "u.avatar_id").
		From("users u").LeftJoin("profiles p ON p.id = u.profile_id").Where(sq.Eq{"u.id": a.UserID}).ToSql()
	var u UserInfo
	err := s.db.Read().QueryRowContext(ctx, q, args...).Scan(&u.ID, &u.Username, &u.Email, &u.FirstName, &u.LastName,
		&u.Role, &u.ProfileID, &u.ProfileName, &u.Language, &u.Theme, &u.Presence, &u.AvatarID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Unauthenticated()
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	u.ShortID = store.ShortID(u.ID)
	u.DisplayName = names.Display(u.FirstName, u.LastName, u.Username, u.Email)
	st, err := s.securityState(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	u.MustChangePassword, u.MustSetUpTwoFactor, u.TwoFactorEnabled = st.MustChangePassword, st.MustSetUpTwoFactor, st.TwoFactorEnabled
	info := &SessionInfo{User: u, Modules: []string{}, Workspaces: []WorkspaceRef{}}
	for _, m := range access.AllModules {
		if a.Can(m) {
			info.Modules = append(info.Modules, string(m))
		}
	}
	if info.OrgName, err = OrgName(ctx, s.db.Read()); err != nil {
		return nil, apperr.Internal(err)
	}
	wq := sq.Select("w.id", "w.name").From("workspaces w").Where(sq.Eq{"w.archived": 0}).OrderBy("w.name")
	if a.Role != access.Owner {
		wq = wq.Join("user_workspaces uw ON uw.workspace_id = w.id").Where(sq.Eq{"uw.user_id": a.UserID})
	}
	q, args, _ = wq.ToSql()
	rows, err := s.db.Read().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var w WorkspaceRef
		if err := rows.Scan(&w.ID, &w.Name); err != nil {
			return nil, apperr.Internal(err)
		}
		info.Workspaces = append(info.Workspaces, w)
	}
	return info, rows.Err()
}

// Preferences are a user's own interface choices; they persist per user.
type Preferences struct {
	Language string `json:"language"`
	Theme    string `json:"theme"`
}

// SetPreferences saves the actor's own language and theme.
func (s *Service) SetPreferences(ctx context.Context, a *access.Actor, p Preferences) error {
	if err := access.Check(a, access.Need{}); err != nil {
		return err
	}
	if _, err := checkOneOf("language", p.Language, Languages); err != nil {
		return err
	}
	if _, err := checkOneOf("theme", p.Theme, Themes); err != nil {
		return err
	}
	return s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		return tx.Update("users", a.UserID, store.Fields{"language": p.Language, "theme": p.Theme})
	})
}

// SetPresence sets the actor's own presence and touches last_active_at.
func (s *Service) SetPresence(ctx context.Context, a *access.Actor, presence string) error {
	if err := access.Check(a, access.Need{}); err != nil {
		return err
	}
	if _, err := checkOneOf("presence", presence, Presences); err != nil {
		return err
	}
	return s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		return tx.Update("users", a.UserID, store.Fields{"presence": presence, "last_active_at": tx.Now()})
	})
}

// PasswordCheck is the input of a live policy check.
type PasswordCheck struct {
	Password  string `json:"password"`
	Username  string `json:"username"`
	Email     string `json:"email"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
}

// CheckPassword reports how a candidate password fares against the organization's policy.
// Before setup (a nil actor is allowed then) it uses the default policy.
func (s *Service) CheckPassword(ctx context.Context, a *access.Actor, in PasswordCheck) (auth.Report, error) {
	if a == nil {
		needs, err := s.NeedsSetup(ctx)
		if err != nil {
			return auth.Report{}, err
		}
		if !needs {
			return auth.Report{}, apperr.Unauthenticated()
		}
	} else if err := access.Check(a, access.Need{}); err != nil {
		return auth.Report{}, err
	}
	pol, err := s.PasswordPolicy(ctx)
	if err != nil {
		return auth.Report{}, apperr.Internal(err)
	}
	return pol.Check(in.Password, auth.Personal{Username: in.Username, Email: in.Email,
		FirstName: in.FirstName, LastName: in.LastName}), nil
}
