package server

import (
	"errors"
	"net/http"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/syncwire"
)

// ownerOnly lets through a device whose signed-in user (named in the X-Plantel-Actor header)
// is an active Owner in the server's data. The device vouches for its user as it does for
// every change's actor_id.
func (s *Server) ownerOnly(next func(http.ResponseWriter, *http.Request, DeviceRec)) func(http.ResponseWriter, *http.Request, DeviceRec) {
	return func(w http.ResponseWriter, r *http.Request, dev DeviceRec) {
		id := r.Header.Get(syncwire.ActorHeader)
		if !syncwire.ValidID(id) {
			writeErr(w, r, http.StatusBadRequest, syncwire.CodeMalformed, syncwire.ActorHeader, "the signed-in user's id is required")
			return
		}
		var a *access.Actor
		err := s.st.Write(r.Context(), func(tx Tx) error {
			var err error
			a, err = newBatch(s, tx).actor(id)
			return err
		})
		if err != nil {
			s.internal(w, r, err)
			return
		}
		if a == nil || a.Role != access.Owner {
			writeErr(w, r, http.StatusForbidden, syncwire.CodePermissionDenied, "", "only the Owner may do this")
			return
		}
		next(w, r, dev)
	}
}

func (s *Server) enrollCodes(w http.ResponseWriter, r *http.Request, dev DeviceRec) {
	code, exp, err := NewEnrollCode(r.Context(), s.st, s.now())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.log.Info().Str("device", dev.ID).Msg("enrollment code created")
	writeJSON(w, r, 200, syncwire.EnrollCodeResponse{Code: code, ExpiresAt: syncwire.TimeText(exp)})
}

func deviceOut(d DeviceRec) syncwire.Device {
	out := syncwire.Device{ID: d.ID, Name: d.Name, CreatedAt: syncwire.TimeText(d.CreatedAt), Revoked: !d.RevokedAt.IsZero()}
	if !d.LastSeenAt.IsZero() {
		out.LastSeenAt = syncwire.TimeText(d.LastSeenAt)
	}
	if out.Revoked {
		out.RevokedAt = syncwire.TimeText(d.RevokedAt)
	}
	return out
}

func (s *Server) devices(w http.ResponseWriter, r *http.Request, _ DeviceRec) {
	ds, err := s.st.Devices(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	out := syncwire.DevicesResponse{Devices: []syncwire.Device{}}
	for _, d := range ds {
		out.Devices = append(out.Devices, deviceOut(d))
	}
	writeJSON(w, r, 200, out)
}

func (s *Server) revoke(w http.ResponseWriter, r *http.Request, dev DeviceRec) {
	id := r.PathValue("id")
	err := s.st.RevokeDevice(r.Context(), id, s.now())
	if errors.Is(err, ErrNotFound) {
		writeErr(w, r, http.StatusNotFound, syncwire.CodeNotFound, "id", "no such device")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.log.Info().Str("device", dev.ID).Str("revoked", id).Msg("device revoked")
	writeJSON(w, r, 200, map[string]bool{"revoked": true})
}
