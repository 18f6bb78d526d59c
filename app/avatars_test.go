package app_test

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/avatar"
	"github.com/plantel/plantel/backend/testutil"
)

// avatarsAs returns an AvatarsService (and the session service of the same core) signed in
// as username ("" = anonymous), whose open dialog answers from dir.
func avatarsAs(t *testing.T, env *testutil.Env, svc *avatar.Service, username, dir string) (*app.AvatarsService, *app.SessionService) {
	t.Helper()
	core := app.NewCore(env.Accounts, app.NewScriptedRuntime(dir, nil), env.Logger)
	sess := app.NewSessionService(core)
	if username != "" {
		if _, err := sess.SignIn(app.SignInRequest{Login: username, Password: testutil.Password}); err != nil {
			t.Fatalf("sign in %s: %v", username, err)
		}
	}
	return app.NewAvatarsService(core, svc), sess
}

// testPNG encodes a w×h PNG with a gradient, so different crops give different avatars.
func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	var buf bytes.Buffer
	must(t, png.Encode(&buf, img))
	return buf.Bytes()
}

// TestAvatarsServicePermissions is the scenario table of Set and Remove: who may change
// whose avatar ("" = allowed).
func TestAvatarsServicePermissions(t *testing.T) {
	env := testutil.NewEnv(t)
	people := env.SeedPeople(0)
	svc := avatar.New(env.DB)
	pic := base64.StdEncoding.EncodeToString(testPNG(t, 40, 30))
	const (
		ok     = ""
		unauth = apperr.CodeUnauthenticated
		denied = apperr.CodePermissionDenied
	)
	cases := []struct {
		name, username, target, want string
	}{
		{"anonymous", "", env.AgentA, unauth},
		{"agent on self", testutil.AgentAUsername, env.AgentA, ok},
		{"agent on another user", testutil.AgentAUsername, people.AgentA2, denied},
		{"admin of another workspace on agent", testutil.AdminBUsername, env.AgentA, denied},
		{"admin on agent of own workspace", testutil.AdminUsername, env.AgentA, ok},
		{"admin on the owner", testutil.AdminUsername, env.Owner, denied},
		{"owner", testutil.OwnerUsername, env.AgentA, ok},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := avatarsAs(t, env, svc, c.username, t.TempDir())
			res, err := s.Set(app.SetAvatarRequest{UserID: c.target, DataBase64: pic, Crop: avatar.Crop{X: 0.1, Y: 0, Size: 0.8}})
			if got := apperr.CodeOf(err); got != c.want {
				t.Fatalf("Set: code %q, want %q (%v)", got, c.want, err)
			}
			var stored string
			must(t, env.DB.Read().QueryRow(`SELECT avatar_id FROM users WHERE id = ?`, c.target).Scan(&stored))
			if c.want == ok && (res == nil || res.AvatarID == "" || stored != res.AvatarID) {
				t.Fatalf("Set: result %+v, stored %q", res, stored)
			}
			if got := apperr.CodeOf(s.Remove(app.RemoveAvatarRequest{UserID: c.target})); got != c.want {
				t.Fatalf("Remove: code %q, want %q", got, c.want)
			}
			must(t, env.DB.Read().QueryRow(`SELECT avatar_id FROM users WHERE id = ?`, c.target).Scan(&stored))
			if c.want == ok && stored != "" {
				t.Fatalf("Remove left %q", stored)
			}
			if _, err := s.ChooseFile(); c.username == "" && apperr.CodeOf(err) != unauth {
				t.Fatalf("ChooseFile anonymous: %v", err)
			}
		})
	}
}

// TestAvatarsServiceFlow: the file chosen in the dialog becomes the avatar, Me carries its
// id and the handler serves it; Remove clears it.
func TestAvatarsServiceFlow(t *testing.T) {
	env := testutil.NewEnv(t)
	svc := avatar.New(env.DB)
	dir := t.TempDir()
	s, sess := avatarsAs(t, env, svc, testutil.AgentAUsername, dir)

	f, err := s.ChooseFile()
	if err != nil || !f.Cancelled {
		t.Fatalf("empty dir: %+v %v", f, err)
	}
	must(t, os.WriteFile(filepath.Join(dir, "me.png"), testPNG(t, 80, 60), 0o600))
	f, err = s.ChooseFile()
	if err != nil || f.Cancelled || f.Name != "me.png" || f.DataBase64 == "" {
		t.Fatalf("choose: %+v %v", f, err)
	}
	res, err := s.Set(app.SetAvatarRequest{UserID: env.AgentA, DataBase64: "data:image/png;base64," + f.DataBase64})
	if err != nil {
		t.Fatal(err)
	}
	me, err := sess.Me()
	if err != nil || me.User.AvatarID != res.AvatarID {
		t.Fatalf("Me after Set: %+v %v", me, err)
	}
	if data, mime, err := svc.Get(ctx, res.AvatarID, avatar.SmallSize); err != nil || !strings.HasPrefix(mime, "image/") || len(data) == 0 {
		t.Fatalf("Get: %q %v", mime, err)
	}
	must(t, s.Remove(app.RemoveAvatarRequest{UserID: env.AgentA}))
	if me, err = sess.Me(); err != nil || me.User.AvatarID != "" {
		t.Fatalf("Me after Remove: %+v %v", me, err)
	}
}

// TestAvatarsServiceRefused: a GIF renamed .png, a base64 text too long to hold an
// accepted file and text that is not base64 are refused with avatar_invalid.
func TestAvatarsServiceRefused(t *testing.T) {
	env := testutil.NewEnv(t)
	svc := avatar.New(env.DB)
	dir := t.TempDir()
	s, _ := avatarsAs(t, env, svc, testutil.AgentAUsername, dir)

	var buf bytes.Buffer
	must(t, gif.Encode(&buf, image.NewPaletted(image.Rect(0, 0, 8, 8), []color.Color{color.Black, color.White}), nil))
	must(t, os.WriteFile(filepath.Join(dir, "photo.png"), buf.Bytes(), 0o600))
	f, err := s.ChooseFile()
	if err != nil || f.Name != "photo.png" {
		t.Fatalf("choose: %+v %v", f, err)
	}
	reason := func(err error) (string, map[string]any) {
		e := apperr.As(err)
		if e == nil || e.Code != avatar.CodeInvalid {
			t.Fatalf("want %s, got %v", avatar.CodeInvalid, err)
		}
		r, _ := e.Params["reason"].(string)
		return r, e.Params
	}
	_, err = s.Set(app.SetAvatarRequest{UserID: env.AgentA, DataBase64: f.DataBase64})
	if r, p := reason(err); r != avatar.ReasonType || p["detected"] != "gif" {
		t.Fatalf("renamed gif: %v", p)
	}

	huge := strings.Repeat("A", int(avatar.DefaultMaxBytes)*4/3+8192)
	_, err = s.Set(app.SetAvatarRequest{UserID: env.AgentA, DataBase64: huge})
	if r, p := reason(err); r != avatar.ReasonSize || p["max"] != avatar.DefaultMaxBytes {
		t.Fatalf("huge: %v", p)
	}

	// A file above the limit in the open dialog is refused without being read.
	big := filepath.Join(t.TempDir(), "huge.png")
	must(t, os.WriteFile(big, nil, 0o600))
	must(t, os.Truncate(big, avatar.DefaultMaxBytes+1))
	rt := app.NewScriptedRuntime("", nil)
	rt.Answer(big)
	core := app.NewCore(env.Accounts, rt, env.Logger)
	if _, err := app.NewSessionService(core).SignIn(app.SignInRequest{Login: testutil.AgentAUsername, Password: testutil.Password}); err != nil {
		t.Fatal(err)
	}
	_, err = app.NewAvatarsService(core, svc).ChooseFile()
	if r, p := reason(err); r != avatar.ReasonSize || p["max"] != avatar.DefaultMaxBytes {
		t.Fatalf("huge file: %v", p)
	}

	_, err = s.Set(app.SetAvatarRequest{UserID: env.AgentA, DataBase64: "not base64!"})
	if r, _ := reason(err); r != avatar.ReasonCorrupt {
		t.Fatalf("not base64: %v", r)
	}
	var stored string
	must(t, env.DB.Read().QueryRow(`SELECT avatar_id FROM users WHERE id = ?`, env.AgentA).Scan(&stored))
	if stored != "" {
		t.Fatalf("refused upload stored %q", stored)
	}
}
