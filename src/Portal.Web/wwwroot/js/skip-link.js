// "Skip to main content": moves the keyboard focus into the page's main region. The portal's router handles in-page
// links itself (it scrolls but leaves the focus where it was), so the link moves the focus here, before the router sees it.
document.addEventListener("click", event => {
    const link = event.target instanceof Element ? event.target.closest("a.skip-link") : null;
    if (!link) return;
    const target = document.getElementById(link.getAttribute("href").replace(/^.*#/, ""));
    if (!target) return;
    event.preventDefault();
    event.stopPropagation();
    target.focus();
    target.scrollIntoView();
}, true);
