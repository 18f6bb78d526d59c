package sync

import (
	"context"
	"net/http"
	"net/url"

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

// Revoke revokes a workstation: it receives nothing more (401).
func (c *Client) Revoke(ctx context.Context, actorID, deviceID string) error {
	cn, err := c.connect(ctx)
	if err != nil {
		return err
	}
	_, err = cn.do(ctx, http.MethodPost, "/v1/devices/"+url.PathEscape(deviceID)+"/revoke", struct{}{}, nil, map[string]string{syncwire.ActorHeader: actorID})
	return err
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
