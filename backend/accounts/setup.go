package accounts

import (
	"context"
	"encoding/json"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/store"
)

// SetupInput is the first-run form: the organization, its first workspace and the Owner.
type SetupInput struct {
	OrgName       string `json:"orgName"`
	WorkspaceName string `json:"workspaceName"`
	FirstName     string `json:"firstName"`
	LastName      string `json:"lastName"`
	Username      string `json:"username"`
	Email         string `json:"email"`
	Password      string `json:"password"`
	Language      string `json:"language"`
}

// NeedsSetup reports whether the database has no organization yet (first run).
func (s *Service) NeedsSetup(ctx context.Context) (bool, error) {
	var n int
	if err := s.db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations`).Scan(&n); err != nil {
		return false, apperr.Internal(err)
	}
	return n == 0, nil
}

// Setup creates the organization, its first workspace, the built-in profiles and the one
// Owner account, in one write. It refuses with already_setup once an organization exists,
// so no second Owner and no default account can ever be made this way. It returns the
// Owner's id.
func (s *Service) Setup(ctx context.Context, in SetupInput) (string, error) {
	org, err := checkText("orgName", in.OrgName, 80)
	if err != nil {
		return "", err
	}
	ws, err := checkText("workspaceName", in.WorkspaceName, 80)
	if err != nil {
		return "", err
	}
	first, err := checkText("firstName", in.FirstName, 80)
	if err != nil {
		return "", err
	}
	last, err := checkText("lastName", in.LastName, 80)
	if err != nil {
		return "", err
	}
	username, err := CheckUsername("username", in.Username)
	if err != nil {
		return "", err
	}
	email, err := CheckEmail("email", in.Email)
	if err != nil {
		return "", err
	}
	lang := in.Language
	if lang == "" {
		lang = "es"
	}
	if _, err := checkOneOf("language", lang, Languages); err != nil {
		return "", err
	}
	rep := auth.DefaultPasswordPolicy().Check(in.Password, auth.Personal{Username: username, Email: email, FirstName: first, LastName: last})
	if !rep.OK {
		return "", PolicyError(rep)
	}
	hash, err := s.hasher.Hash(in.Password)
	if err != nil {
		return "", apperr.Internal(err)
	}
	ownerID := store.NewID()
	err = s.db.Write(ctx, ownerID, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(countOrgs).Scan(&n); err != nil {
			return apperr.Internal(err)
		}
		if n > 0 {
			return apperr.New(apperr.CodeAlreadySetup)
		}
		wsID := store.NewID()
		adminProfile, agentProfile := store.NewID(), store.NewID()
		now := tx.Now()
		steps := []func() error{
			func() error { return tx.Insert("organizations", store.NewID(), store.Fields{"name": org}) },
			func() error { return tx.Insert("workspaces", wsID, store.Fields{"name": ws}) },
			func() error {
				return insertProfile(tx, adminProfile, "Administrator", access.Admin, "shield", access.DefaultAdminModules)
			},
			func() error {
				return insertProfile(tx, agentProfile, "Agent", access.Agent, "headset", access.DefaultAgentModules)
			},
			func() error {
				return tx.Insert("users", ownerID, store.Fields{
					"username": username, "email": email, "first_name": first, "last_name": last,
					"role": string(access.Owner), "active": true, "status": "active",
					"password_hash": hash, "password_changed_at": now, "language": lang,
				})
			},
			func() error {
				return tx.Insert("user_workspaces", store.PairID("user_workspaces", ownerID, wsID), store.Fields{"user_id": ownerID, "workspace_id": wsID})
			},
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	s.log.Info().Str("owner_id", ownerID).Msg("organization set up")
	return ownerID, nil
}

func insertProfile(tx *store.Tx, id, name string, role access.Role, icon string, modules []access.Module) error {
	b, _ := json.Marshal(modules)
	return tx.Insert("profiles", id, store.Fields{"name": name, "role": string(role), "icon": icon,
		"modules": string(b), "builtin": true})
}

// PolicyError turns a failed policy report into the password_policy coded error.
func PolicyError(rep auth.Report) error {
	return apperr.New(apperr.CodePasswordPolicy).WithField("password").WithParam("failures", rep.Failures)
}
