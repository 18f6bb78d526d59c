package users

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/textin"
)

// Skill is one skill of a user (F4.1 Skills tab): a name and a level from 1 (basic) to 5
// (expert), or 0 for a simple tag without a level.
type Skill struct {
	Name  string `json:"name"`
	Level int    `json:"level"`
}

// CustomField is one "additional info" entry of a user: a label and its value, added by
// the user or by an administrator who manages them.
type CustomField struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Limits of the profile lists, in entries and code points.
const (
	MaxSkills       = 50
	MaxSkillName    = 40
	MaxSkillLevel   = 5
	MaxCustomFields = 30
	MaxFieldLabel   = 40
	MaxFieldValue   = 200
)

// Field names of the profile lists in UpdateInput, Editable and coded errors.
const (
	FieldSkills       = "skills"
	FieldCustomFields = "customFields"
)

// checkSkills trims and validates a skill list into its stored JSON: names required, at
// most MaxSkillName code points, unique ignoring case; levels 0–MaxSkillLevel.
func checkSkills(in []Skill) (string, error) {
	if len(in) > MaxSkills {
		return "", apperr.Validation(FieldSkills, "too_many").WithParam("max", MaxSkills)
	}
	out := make([]Skill, 0, len(in))
	seen := map[string]bool{}
	for _, s := range in {
		name := strings.TrimSpace(s.Name)
		switch {
		case name == "":
			return "", apperr.Validation(FieldSkills, "required")
		case utf8.RuneCountInString(name) > MaxSkillName:
			return "", apperr.Validation(FieldSkills, "too_long").WithParam("max", MaxSkillName)
		case textin.CheckLine(FieldSkills, name) != nil:
			return "", textin.CheckLine(FieldSkills, name)
		case s.Level < 0 || s.Level > MaxSkillLevel:
			return "", apperr.Validation(FieldSkills, "level").WithParam("max", MaxSkillLevel)
		case seen[strings.ToLower(name)]:
			return "", apperr.Validation(FieldSkills, "duplicate").WithParam("name", name)
		}
		seen[strings.ToLower(name)] = true
		out = append(out, Skill{Name: name, Level: s.Level})
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// checkCustomFields trims and validates the additional info into its stored JSON: labels
// required and unique ignoring case, at most MaxFieldLabel code points; values at most
// MaxFieldValue.
func checkCustomFields(in []CustomField) (string, error) {
	if len(in) > MaxCustomFields {
		return "", apperr.Validation(FieldCustomFields, "too_many").WithParam("max", MaxCustomFields)
	}
	out := make([]CustomField, 0, len(in))
	seen := map[string]bool{}
	for _, f := range in {
		label, value := strings.TrimSpace(f.Label), strings.TrimSpace(f.Value)
		switch {
		case label == "":
			return "", apperr.Validation(FieldCustomFields, "required")
		case utf8.RuneCountInString(label) > MaxFieldLabel:
			return "", apperr.Validation(FieldCustomFields, "too_long").WithParam("max", MaxFieldLabel)
		case utf8.RuneCountInString(value) > MaxFieldValue:
			return "", apperr.Validation(FieldCustomFields, "too_long").WithParam("max", MaxFieldValue)
		case textin.CheckLine(FieldCustomFields, label) != nil || textin.CheckText(FieldCustomFields, value) != nil:
			return "", apperr.Validation(FieldCustomFields, textin.RuleControl)
		case seen[strings.ToLower(label)]:
			return "", apperr.Validation(FieldCustomFields, "duplicate").WithParam("name", label)
		}
		seen[strings.ToLower(label)] = true
		out = append(out, CustomField{Label: label, Value: value})
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// decodeSkills reads a stored skill list; a broken value reads as none.
func decodeSkills(raw string) []Skill {
	out := []Skill{}
	_ = json.Unmarshal([]byte(raw), &out)
	if out == nil {
		out = []Skill{}
	}
	return out
}

// decodeCustomFields reads stored additional info; a broken value reads as none.
func decodeCustomFields(raw string) []CustomField {
	out := []CustomField{}
	_ = json.Unmarshal([]byte(raw), &out)
	if out == nil {
		out = []CustomField{}
	}
	return out
}
