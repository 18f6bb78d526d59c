package sync

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/plantel/plantel/backend/store"

	"github.com/plantel/plantel/backend/syncwire"
)

// The Owner's endpoints name the signed-in user (syncwire.ActorHeader); the server checks
// that this user is an active Owner in its own copy of the data.

// Devices lists the organization's enrolled workstations.
func (c *Client) Devices(ctx context.Context, actorID string) ([]syncwire.Device, error) {
	cn, err := c.connect(ctx)
	if err != nil {
		return nil, err
	}
	var out syncwire.DevicesResponse
	if _, err := cn.do(ctx, http.MethodGet, "/v1/devices", nil, &out, map[string]string{syncwire.ActorHeader: actorID}); err != nil {
		return nil, err
	}
	if out.Devices == nil {
		out.Devices = []syncwire.Device{}
	}
	return out.Devices, nil
}

// DeviceInfo is a workstation of the Owner's device list: the server's answer, and whether
// the key renewed on this workstation still waits for that workstation's device key (it
// gets the key at its next sync once it publishes one; a key code gives it the keys too).
type DeviceInfo struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	CreatedAt  string `json:"created_at"`
	LastSeenAt string `json:"last_seen_at"`
	Revoked    bool   `json:"revoked"`
	RevokedAt  string `json:"revoked_at"`
	WaitingKey bool   `json:"waiting_key"`
}

// DeviceList is Devices with, for each workstation, whether the renewed key waits for it.
func (c *Client) DeviceList(ctx context.Context, actorID string) ([]DeviceInfo, error) {
	devs, err := c.Devices(ctx, actorID)
	if err != nil {
		return nil, err
	}
	waiting, err := c.KeyWaiting(ctx)
	if err != nil {
		return nil, err
	}
	w := map[string]bool{}
	for _, id := range waiting {
		w[id] = true
	}
	out := make([]DeviceInfo, 0, len(devs))
	for _, d := range devs {
		out = append(out, DeviceInfo{ID: d.ID, Name: d.Name, CreatedAt: d.CreatedAt, LastSeenAt: d.LastSeenAt,
			Revoked: d.Revoked, RevokedAt: d.RevokedAt, WaitingKey: w[d.ID] && !d.Revoked})
	}
	return out, nil
}

// Revoke revokes a workstation: it receives nothing more (401). Then the organization key
// is renewed (keys.go): secrets sealed from now on use a new key, sealed to each remaining
// workstation's device key and sent at once; the revoked workstation never receives it.
func (c *Client) Revoke(ctx context.Context, actorID, deviceID string) (RotationResult, error) {
	res := RotationResult{Waiting: []string{}}
	cn, err := c.connect(ctx)
	if err != nil {
		return res, err
	}
	if _, err = cn.do(ctx, http.MethodPost, "/v1/devices/"+url.PathEscape(deviceID)+"/revoke", struct{}{}, nil, map[string]string{syncwire.ActorHeader: actorID}); err != nil {
		return res, err
	}
	// The device keys published since the last sync come first.
	if err := c.SyncOnce(ctx); err != nil {
		c.log.Warn().Str("code", CodeOf(err)).Msg("sync: renewing the key with the device keys already here")
	}
	devs, err := c.Devices(ctx, actorID)
	if err != nil {
		return res, err
	}
	var remaining []string
	for _, d := range devs {
		if !d.Revoked && d.ID != deviceID {
			remaining = append(remaining, d.ID)
		}
	}
	if res, err = c.rotateKeys(ctx, actorID, deviceID, remaining); err != nil {
		return res, err
	}
	if err := c.SyncOnce(ctx); err != nil {
		c.log.Warn().Str("code", CodeOf(err)).Msg("sync: renewed key not sent yet; the next sync sends it")
	}
	return res, nil
}

// NewEnrollCode asks the server for a one-time code another workstation joins with.
func (c *Client) NewEnrollCode(ctx context.Context, actorID string) (syncwire.EnrollCodeResponse, error) {
	cn, err := c.connect(ctx)
	if err != nil {
		return syncwire.EnrollCodeResponse{}, err
	}
	var out syncwire.EnrollCodeResponse
	if _, err = cn.do(ctx, http.MethodPost, "/v1/enroll-codes", struct{}{}, &out, map[string]string{syncwire.ActorHeader: actorID}); err != nil {
		return out, err
	}
	// The workstation that joins with this code receives the organization keys in an
	// envelope sealed with it (keys.go), sent at once so it is there before the code is used.
	if err := c.publishKeys(ctx, actorID, out.Code, out.ExpiresAt); err != nil {
		c.log.Warn().Err(err).Msg("sync: key envelope not written")
		return out, nil
	}
	if err := c.SyncOnce(ctx); err != nil {
		c.log.Warn().Str("code", CodeOf(err)).Msg("sync: key envelope not sent yet; the next sync sends it")
	}
	return out, nil
}

// serverRow fetches every change the server holds for one row: the log from the start,
// kept only for that row (the contract has no single-row read). A refused edit that is
// discarded goes back to these values.
func (c *Client) serverRow(ctx context.Context, cn *conn, table, id string) ([]store.Change, error) {
	var out []store.Change
	after := int64(0)
	for {
		var page syncwire.PullResponse
		if _, err := cn.do(ctx, http.MethodGet, fmt.Sprintf("/v1/pull?after=%d&limit=%d", after, c.opt.PullLimit), nil, &page, nil); err != nil {
			return nil, err
		}
		for _, ch := range page.Changes {
			if ch.Table == table && ch.ID == id {
				out = append(out, ch)
			}
		}
		if !page.More || page.Cursor <= after {
			return out, nil
		}
		after = page.Cursor
	}
}

// Discard resolves conflict id by dropping this workstation's change, as actor. A refused
// edit of a row the server has takes the server's current values back (fetched from the
// server, so the refused value does not stay on screen); a refused creation is deleted
// here; a pulled change that could not be applied is set aside.
func (c *Client) Discard(ctx context.Context, actorID string, id int64) error {
	table, rowID, edit, err := c.db.IsRefusedEdit(ctx, id)
	if err != nil {
		return err
	}
	if !edit {
		return c.db.ResolveConflictAs(ctx, actorID, id, store.ResolveDiscard, "")
	}
	cn, err := c.connect(ctx)
	if err != nil {
		return err
	}
	c.runMu.Lock()
	defer c.runMu.Unlock()
	changes, err := c.serverRow(ctx, cn, table, rowID)
	if err != nil {
		return err
	}
	if err := c.db.ResolveDiscardEdit(ctx, actorID, id, changes); err != nil {
		return err
	}
	c.refresh(ctx)
	return nil
}
