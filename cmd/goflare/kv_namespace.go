package main

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/goflare/goflare/kvstore"
	"github.com/spf13/cobra"
	"github.com/tailscale/hujson"
)

// wrangler's kv namespace commands only go remote; goflare's work on the namespace
// registry of the local state (decisions.md), with the same flags and output.

// nsCreateFlags are the flags of `kv namespace create`.
type nsCreateFlags struct {
	preview      bool
	useRemote    bool
	updateConfig bool
	binding      string
}

func nsCreateCommand(f *kvFlags, std streams) *cobra.Command {
	var c nsCreateFlags
	cmd := &cobra.Command{
		Use:   "create <namespace>",
		Short: "Create a new namespace",
		Args:  positional(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withState(cmd, f, std, func(s *kvSession) error { return s.nsCreate(args[0], c) })
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&c.preview, "preview", false, "Interact with a preview namespace")
	fl.BoolVar(&c.useRemote, "use-remote", false, "Use a remote binding when adding the newly created resource to your config")
	fl.BoolVar(&c.updateConfig, "update-config", false, "Automatically update your config file with the newly added resource")
	fl.StringVar(&c.binding, "binding", "", "The binding name of this resource in your Worker")
	addPersistFlag(cmd, f)
	addRemoteFlag(cmd, f)
	return cmd
}

func (s *kvSession) nsCreate(name string, c nsCreateFlags) error {
	title := name
	if s.f.env != "" {
		title = s.f.env + "-" + title
	}
	if c.preview {
		title += "_preview"
	}
	resourceLocation(s.std, s.f.remote)
	s.printf("🌀 Creating namespace with title \"%s\"\n", title)
	ns, err := s.store.CreateNamespace(s.ctx(), title)
	if e, ok := kvstore.AsError(err); ok && e.Code == 10014 {
		return fmt.Errorf("A KV namespace with the title \"%s\" already exists.\n\n"+
			"You can list existing namespaces with their IDs by running:\n  goflare kv namespace list\n\n"+
			"Or choose a different namespace name.", title)
	}
	if err != nil {
		return err
	}
	s.printf("✨ Success!\n")
	bindingName := c.binding
	if bindingName == "" {
		bindingName = name
	}
	entry := newJSObject()
	entry.set("binding", validBindingName(bindingName, "KV"))
	if c.preview {
		entry.set("preview_id", ns.ID)
	} else {
		entry.set("id", ns.ID)
	}
	if c.useRemote {
		entry.set("remote", true)
	}
	in := ""
	if s.f.env != "" {
		in = fmt.Sprintf(" in the \"%s\" environment", s.f.env)
	}
	s.printf("To access your new KV Namespace in your Worker, add the following snippet to your configuration file%s:\n", in)
	configPath := ""
	if s.w != nil {
		configPath = s.w.Path
	}
	if strings.HasSuffix(configPath, ".toml") {
		s.printf("%s\n", tomlSnippet(entry))
		return nil
	}
	snippet := newJSObject()
	snippet.set("kv_namespaces", []any{entry})
	s.printf("%s\n", jsStringify(snippet, "  "))
	if configPath == "" {
		return nil
	}
	// A JSON config can be patched, as wrangler offers: with --update-config or
	// --binding, or when the user says yes (never without a terminal).
	write := c.updateConfig || c.binding != ""
	if !write && !c.preview {
		write = confirmDefault(s.std, "Would you like goflare to add it on your behalf?", true, false)
	}
	if !write {
		return nil
	}
	return patchConfigKV(configPath, s.f.env, entry)
}

// validBindingName derives a binding name from a namespace name as wrangler does
// (getValidBindingName).
func validBindingName(name, fallback string) string {
	b := regexp.MustCompile(`[\s-]`).ReplaceAllString(name, "_")
	b = regexp.MustCompile(`[^a-zA-Z0-9_]`).ReplaceAllString(b, "")
	b = regexp.MustCompile(`_+`).ReplaceAllString(b, "_")
	if b != "" && b[0] >= '0' && b[0] <= '9' {
		b = "_" + b
	}
	if strings.Trim(b, "_") == "" {
		return fallback
	}
	return b
}

// tomlSnippet writes `[[kv_namespaces]]` with the entry's fields, as wrangler's TOML
// library (smol-toml) does.
func tomlSnippet(entry *jsObject) string {
	var b strings.Builder
	b.WriteString("[[kv_namespaces]]\n")
	for _, k := range entry.ordered() {
		v := entry.vals[k]
		if str, ok := v.(string); ok {
			fmt.Fprintf(&b, "%s = %s\n", k, strings.ReplaceAll(jsQuote(str), "\x7f", `\u007f`))
		} else {
			fmt.Fprintf(&b, "%s = %v\n", k, v)
		}
	}
	return b.String()
}

// patchConfigKV adds a kv_namespaces entry to a JSON or JSONC config (at the top level,
// or in environment env), indented like the lines around it, comments kept.
func patchConfigKV(path, env string, entry *jsObject) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	root, err := hujson.Parse(src)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	names := []string{"kv_namespaces"}
	if env != "" {
		names = []string{"env", env, "kv_namespaces"}
	}
	v, indent := &root, ""
	for i, name := range names {
		obj, ok := v.Value.(*hujson.Object)
		if !ok {
			return fmt.Errorf("%s: %q is not an object, so the new binding cannot be added", path, strings.Join(names[:i], "."))
		}
		empty := "{}"
		if i == len(names)-1 {
			empty = "[]"
		}
		v, indent = member(obj, indent, name, empty)
	}
	arr, ok := v.Value.(*hujson.Array)
	if !ok {
		return fmt.Errorf("%s: \"kv_namespaces\" is not an array, so the new binding cannot be added", path)
	}
	inner := indent + "  "
	if n := len(arr.Elements); n > 0 {
		inner = indentOf(arr.Elements[n-1].BeforeExtra, inner)
	} else {
		arr.AfterExtra = hujson.Extra("\n" + indent)
	}
	text := strings.ReplaceAll(jsStringify(entry, "  "), "\n", "\n"+inner)
	elem, err := hujson.Parse([]byte(text))
	if err != nil {
		return err
	}
	elem.BeforeExtra = hujson.Extra("\n" + inner)
	arr.Elements = append(arr.Elements, elem)
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	return os.WriteFile(path, root.Pack(), st.Mode().Perm())
}

// member returns the value of obj's member name, adding it as empty (JSON text "{}" or
// "[]") when it is missing, and the indentation of obj's members. indent is obj's own.
func member(obj *hujson.Object, indent, name, empty string) (*hujson.Value, string) {
	inner := indent + "  "
	if len(obj.Members) > 0 {
		inner = indentOf(obj.Members[0].Name.BeforeExtra, inner)
	}
	for i := range obj.Members {
		if m := &obj.Members[i]; m.Name.Value.(hujson.Literal).String() == name {
			return &m.Value, inner
		}
	}
	if len(obj.Members) == 0 {
		obj.AfterExtra = hujson.Extra("\n" + indent)
	}
	val, _ := hujson.Parse([]byte(empty))
	val.BeforeExtra = hujson.Extra(" ")
	if c, ok := val.Value.(*hujson.Object); ok {
		c.AfterExtra = hujson.Extra("\n" + inner)
	}
	obj.Members = append(obj.Members, hujson.ObjectMember{
		Name:  hujson.Value{BeforeExtra: hujson.Extra("\n" + inner), Value: hujson.String(name)},
		Value: val,
	})
	return &obj.Members[len(obj.Members)-1].Value, inner
}

// indentOf returns the indentation that whitespace before a value ends with, or def
// when the value does not start a line.
func indentOf(extra hujson.Extra, def string) string {
	i := strings.LastIndexByte(string(extra), '\n')
	if i < 0 {
		return def
	}
	rest := string(extra[i+1:])
	if strings.Trim(rest, " \t") != "" {
		return def
	}
	return rest
}

func nsListCommand(f *kvFlags, std streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "Output a list of all KV namespaces in the local state",
		Args:  positional(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withState(cmd, f, std, func(s *kvSession) error {
				list, err := s.store.ListNamespaces(s.ctx())
				if err != nil {
					return err
				}
				out := make([]any, len(list))
				for i, ns := range list {
					o := newJSObject()
					o.set("id", ns.ID)
					o.set("title", ns.Title)
					o.set("supports_url_encoding", true)
					out[i] = o
				}
				s.printf("%s\n", jsStringify(out, "  "))
				return nil
			})
		},
	}
	addPersistFlag(cmd, f)
	addRemoteFlag(cmd, f)
	return cmd
}

func nsDeleteCommand(f *kvFlags, std streams) *cobra.Command {
	var skip bool
	cmd := &cobra.Command{
		Use:   "delete [namespace]",
		Short: "Delete a given namespace.",
		Args:  positional(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			given := 0
			for _, s := range []string{strings.Join(args, ""), f.binding, f.namespaceID} {
				if s != "" {
					given++
				}
			}
			if given == 0 {
				return &usageError{cmd, "Must specify one of: namespace name (as positional argument), --binding, or --namespace-id"}
			}
			if given > 1 {
				return &usageError{cmd, "Cannot specify multiple of: namespace name (as positional argument), --binding, or --namespace-id. Use only one."}
			}
			return withState(cmd, f, std, func(s *kvSession) error {
				resourceLocation(std, f.remote)
				id, display, err := s.namespaceByTitleOrFlags(args)
				if err != nil {
					return &usageError{cmd, "Not able to delete namespace.\n" + err.Error()}
				}
				if _, err := s.store.GetNamespace(s.ctx(), id); errors.Is(err, kvstore.ErrNamespaceNotFound) {
					return fmt.Errorf("There is no KV namespace %s in the local state.\n"+
						"List the namespaces there with \"goflare kv namespace list\".", display)
				} else if err != nil {
					return err
				}
				s.printf("About to delete local KV namespace %s.\n"+
					"This action is irreversible and will permanently delete all data in the KV namespace.\n\n", display)
				if !skip && !confirm(std, "Ok to proceed?") {
					s.printf("Not deleting.\n")
					return nil
				}
				s.printf("Deleting KV namespace %s.\n", display)
				if err := s.store.DeleteNamespace(s.ctx(), id); err != nil {
					return err
				}
				s.printf("Deleted KV namespace %s.\n", display)
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.binding, "binding", "", "The binding name to the namespace to delete from")
	fl.StringVar(&f.namespaceID, "namespace-id", "", "The id of the namespace to delete")
	fl.BoolVar(&f.preview, "preview", false, "Interact with a preview namespace")
	fl.BoolVarP(&skip, "skip-confirmation", "y", false, "Skip confirmation")
	addPersistFlag(cmd, f)
	addRemoteFlag(cmd, f)
	return cmd
}

// namespaceByTitleOrFlags resolves a namespace from a positional title, or else from
// --namespace-id or --binding.
func (s *kvSession) namespaceByTitleOrFlags(args []string) (id, display string, err error) {
	if s.f.namespaceID == "" && len(args) == 1 {
		ns, err := s.namespaceByTitle(args[0])
		if err != nil {
			return "", "", errors.New(err.Error() + " Use --namespace-id or --binding instead, or check available namespaces with \"goflare kv namespace list\".")
		}
		return ns.ID, fmt.Sprintf("name: \"%s\" (id: \"%s\")", ns.Title, ns.ID), nil
	}
	return s.resolve(s.cmd.Flags().Changed("preview"))
}

// namespaceByTitle finds a namespace of the registry by its title.
func (s *kvSession) namespaceByTitle(title string) (kvstore.Namespace, error) {
	list, err := s.store.ListNamespaces(s.ctx())
	if err != nil {
		return kvstore.Namespace{}, err
	}
	for _, ns := range list {
		if ns.Title == title {
			return ns, nil
		}
	}
	return kvstore.Namespace{}, fmt.Errorf("No namespace found with the name \"%s\".", title)
}

func nsRenameCommand(f *kvFlags, std streams) *cobra.Command {
	var newName string
	cmd := &cobra.Command{
		Use:   "rename [old-name]",
		Short: "Rename a KV namespace",
		Args:  positional(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("new-name") {
				return &usageError{cmd, "Missing required argument: new-name"}
			}
			if len(args) == 1 && f.namespaceID != "" {
				return &usageError{cmd, "Cannot specify both old-name and --namespace-id. Use either old-name (as first argument) or --namespace-id flag, not both."}
			}
			if len(args) == 0 && f.namespaceID == "" {
				return &usageError{cmd, "Either old-name (as first argument) or --namespace-id must be specified"}
			}
			if n := len([]rune(newName)); n > 512 {
				return &usageError{cmd, fmt.Sprintf("new-name must be 512 characters or less (current: %d)", n)}
			}
			return withState(cmd, f, std, func(s *kvSession) error {
				resourceLocation(std, f.remote)
				id := f.namespaceID
				if id == "" {
					ns, err := s.namespaceByTitle(args[0])
					if err != nil {
						return errors.New(err.Error() + " Use --namespace-id instead or check available namespaces with \"goflare kv namespace list\".")
					}
					id = ns.ID
				}
				s.printf("Renaming KV namespace %s to \"%s\".\n", id, newName)
				ns, err := s.store.RenameNamespace(s.ctx(), id, newName)
				if errors.Is(err, kvstore.ErrNamespaceNotFound) {
					return fmt.Errorf("There is no KV namespace id: \"%s\" in the local state.\n"+
						"List the namespaces there with \"goflare kv namespace list\".", id)
				}
				if e, ok := kvstore.AsError(err); ok {
					return errors.New(e.Message)
				}
				if err != nil {
					return err
				}
				s.printf("✨ Successfully renamed namespace to \"%s\"\n", ns.Title)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&f.namespaceID, "namespace-id", "", "The id of the namespace to rename")
	cmd.Flags().StringVar(&newName, "new-name", "", "The new name for the namespace")
	addPersistFlag(cmd, f)
	addRemoteFlag(cmd, f)
	return cmd
}
