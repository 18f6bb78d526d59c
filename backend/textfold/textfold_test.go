package textfold

import "testing"

func TestFoldIgnoresAccentsAndCase(t *testing.T) {
	cases := map[string]string{
		"Łukasz Żółć": "lukasz zolc", "José Núñez": "jose nunez", "GONÇALVES": "goncalves",
		"Straße": "strasse", "Ærø": "aero", "Œuvre": "oeuvre", "Þór": "thor", "Dąbrowski": "dabrowski",
		"plain ascii 42": "plain ascii 42", "ASCII": "ascii", "": "", "Wiśniewska-Ramírez": "wisniewska-ramirez",
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Strip("Łucja Núñez"); got != "Lucja Nunez" {
		t.Errorf("Strip keeps case: got %q", got)
	}
}

func BenchmarkFold(b *testing.B) {
	for b.Loop() {
		Fold("Małgorzata Wiśniewska-Núñez 600 123 456 m.wisniewska@example.test")
	}
}
