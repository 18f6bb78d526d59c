package app

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/avatar"
)

// avatarFilters are the file types the avatar open dialog offers; the content decides in
// the end (avatar.Process sniffs it).
var avatarFilters = []FileFilter{{DisplayName: "JPEG / PNG (*.jpg, *.jpeg, *.png)", Pattern: "*.jpg;*.jpeg;*.png"}}

// base64Slack is how many characters beyond the exact base64 length of the largest
// accepted file SetAvatar tolerates (line breaks, a data: URL prefix) before refusing
// the upload as too large without decoding it.
const base64Slack = 4096

// AvatarsService is bound to the window: a user's avatar (profile picture), chosen with
// the open dialog or dropped on the page, cropped in the window and stored by the backend.
type AvatarsService struct {
	core    *Core
	avatars *avatar.Service
}

// NewAvatarsService binds the avatar service svc to core.
func NewAvatarsService(core *Core, svc *avatar.Service) *AvatarsService {
	return &AvatarsService{core: core, avatars: svc}
}

// SetAvatarRequest is a picture to make a user's avatar: the file's bytes in standard
// base64 (a "data:…;base64," prefix is accepted) and the square chosen in the crop step
// (the zero crop is the centred largest square).
type SetAvatarRequest struct {
	UserID     string      `json:"userId"`
	DataBase64 string      `json:"dataBase64"`
	Crop       avatar.Crop `json:"crop"`
}

// SetAvatarResult names the new avatar, served at /avatars/<avatarId>/<512|64>.
type SetAvatarResult struct {
	AvatarID string `json:"avatarId"`
}

// RemoveAvatarRequest names the user whose avatar is cleared.
type RemoveAvatarRequest struct {
	UserID string `json:"userId"`
}

// AvatarFile is a picture chosen in the open dialog, for the crop step; Cancelled when
// the user closed the dialog.
type AvatarFile struct {
	Cancelled  bool   `json:"cancelled"`
	Name       string `json:"name"`
	DataBase64 string `json:"dataBase64"`
}

// Set makes the picture in req the avatar of user req.UserID (oneself; the Owner anyone;
// an Administrator the Agents of their workspaces). A refused picture answers
// avatar_invalid with params.reason type, size, dimensions or corrupt.
func (s *AvatarsService) Set(req SetAvatarRequest) (*SetAvatarResult, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	data, err := decodeAvatar(req.DataBase64, avatar.DefaultLimits().MaxBytes)
	if err != nil {
		return nil, err
	}
	id, err := s.avatars.Set(s.core.Context(), a, req.UserID, data, req.Crop)
	if err != nil {
		return nil, s.core.fail(err)
	}
	return &SetAvatarResult{AvatarID: id}, nil
}

// ChooseFile asks for a JPEG or PNG with the open dialog and returns its bytes for the
// crop step. Nothing is stored until Set. A file above the size limit is refused here
// (avatar_invalid, reason size) without being read.
func (s *AvatarsService) ChooseFile() (*AvatarFile, error) {
	if _, err := s.core.Actor(access.Need{}); err != nil {
		return nil, err
	}
	path, err := s.core.Runtime.OpenFile(s.core.Context(), "Choose a photo", avatarFilters...)
	if err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	if path == "" {
		return &AvatarFile{Cancelled: true}, nil
	}
	maxBytes := avatar.DefaultLimits().MaxBytes
	info, err := os.Stat(path)
	if err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	if info.Size() > maxBytes {
		return nil, refuseAvatarSize(maxBytes)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	return &AvatarFile{Name: filepath.Base(path), DataBase64: base64.StdEncoding.EncodeToString(data)}, nil
}

// Remove clears the avatar of user req.UserID, under the same rule as Set.
func (s *AvatarsService) Remove(req RemoveAvatarRequest) error {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return err
	}
	return s.core.fail(s.avatars.Remove(s.core.Context(), a, req.UserID))
}

// decodeAvatar decodes the base64 upload, refusing it as too large from its length alone
// (before decoding) and as corrupt when it is not base64.
func decodeAvatar(text string, maxBytes int64) ([]byte, error) {
	if int64(len(text)) > int64(base64.StdEncoding.EncodedLen(int(maxBytes)))+base64Slack {
		return nil, refuseAvatarSize(maxBytes)
	}
	if strings.HasPrefix(text, "data:") {
		if _, rest, ok := strings.Cut(text, ","); ok {
			text = rest
		}
	}
	data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(text))
	if err != nil {
		e := apperr.New(avatar.CodeInvalid).WithParam("reason", avatar.ReasonCorrupt)
		e.Cause = err
		return nil, e
	}
	if int64(len(data)) > maxBytes {
		return nil, refuseAvatarSize(maxBytes)
	}
	return data, nil
}

func refuseAvatarSize(maxBytes int64) error {
	return apperr.New(avatar.CodeInvalid).WithParam("reason", avatar.ReasonSize).WithParam("max", maxBytes)
}
