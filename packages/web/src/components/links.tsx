import { Anchor, type AnchorProps, Button, type ButtonProps, NavLink, type NavLinkProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import { forwardRef } from 'react';

/** Mantine look, TanStack Router navigation with typed `to`/`params`/`search`. */
const AnchorBase = forwardRef<HTMLAnchorElement, AnchorProps & React.ComponentPropsWithoutRef<'a'>>((props, ref) => <Anchor ref={ref} {...props} />);
export const AnchorLink: LinkComponent<typeof AnchorBase> = createLink(AnchorBase);

const ButtonBase = forwardRef<HTMLAnchorElement, ButtonProps & React.ComponentPropsWithoutRef<'a'>>((props, ref) => (
  <Button component="a" ref={ref} {...props} />
));
export const ButtonLink: LinkComponent<typeof ButtonBase> = createLink(ButtonBase);

const NavLinkBase = forwardRef<HTMLAnchorElement, NavLinkProps & React.ComponentPropsWithoutRef<'a'>>((props, ref) => (
  <NavLink component="a" ref={ref} {...props} />
));
export const NavLinkLink: LinkComponent<typeof NavLinkBase> = createLink(NavLinkBase);
